namespace Broker.Core.Routing;

/// <summary>How one AcceptAPI judged the object: matched, or the first reason it did not.</summary>
public sealed record Verdict(AcceptApiId AcceptApi, string Provider, int Priority, bool Matched, string Reason);
