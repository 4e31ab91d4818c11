using Broker.Core.Api.Meta;
using Broker.Kcp.Models;

namespace Broker.Controllers.Migrations.Stages;

/// <summary>One stage object in the stage target: the template key (or <c>from-x</c>/<c>to-x</c>) and where the object lives.</summary>
public sealed record StageObjectRef(string Key, GroupVersionResource Resource, string? Namespace, string Name)
{
    public string Describe() => $"{Resource.Resource} {(Namespace is null ? "" : Namespace + "/")}{Name}";
}
