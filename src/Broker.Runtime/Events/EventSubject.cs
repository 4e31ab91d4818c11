namespace Broker.Runtime.Events;

/// <summary>Which object in which workspace an Event is about: the unit of the spam limit. The target is the client's base
/// URL, so equal names in two logical clusters stay apart; the object's resourceVersion is left out, since it changes
/// with every write of the object.</summary>
internal readonly record struct EventSubject(string Target, string ApiVersion, string Kind, string Namespace, string Name, string Uid)
{
    public static EventSubject Of(Uri target, InvolvedObject obj) =>
        new(target.AbsoluteUri, obj.ApiVersion, obj.Kind, obj.Namespace, obj.Name, obj.Uid);
}
