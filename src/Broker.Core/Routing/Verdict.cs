namespace Broker.Core.Routing;

/// <summary>How one AcceptAPI judged the object: matched, or the first reason it did not.</summary>
public sealed record Verdict(AcceptApiId AcceptApi, string Provider, bool Matched, string Reason);
