using Broker.Kcp.Http;

namespace Broker.Runtime.Events;

/// <summary>One call of <see cref="EventRecorder.Record"/>, stamped with the time it happened (not the time it is written).</summary>
internal sealed record EventOccurrence(ClusterClient Target, InvolvedObject Object, EventType Type, string Reason, string Message, DateTimeOffset Time)
{
    public EventSubject Subject => EventSubject.Of(Target.BaseUri, Object);

    public EventKey Key => new(Subject, Type, Reason, Message);
}
