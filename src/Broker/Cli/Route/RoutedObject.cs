using System.Text.Json;
using Broker.Core.Routing;

namespace Broker.Cli.Route;

/// <summary>The object given to <c>broker route</c>, parsed, with what the router needs to know about it.</summary>
internal sealed record RoutedObject(string File, JsonDocument Document, GvrKey Gvr, string Kind, string Name, string ConsumerCluster);
