using System.Text.Json.Nodes;
using Broker.Controllers.Naming;
using Broker.Controllers.Related;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;

namespace Broker.Controllers.Migrations.Stages;

/// <summary>
/// The objects a stage makes in the stage target: its rendered templates, and the related objects of both copies as
/// <c>from-&lt;name&gt;</c> and <c>to-&lt;name&gt;</c> (upstream's convention), so a Job can mount both sides' credentials.
/// Each carries the migration-name and migration-stage labels; an existing object of the same name is adopted only when
/// it carries them, so a migration never takes over or deletes what someone else made. The kinds a stage makes are
/// watched (<see cref="StageWatches"/>), so a change to one wakes its Migration.
/// </summary>
public sealed class StageObjects(StageTarget target, StageWatches? watches = null)
{
    public const string MigrationLabel = BrokerNames.Prefix + "migration-name";
    public const string StageLabel = BrokerNames.Prefix + "migration-stage";

    /// <summary>Stage objects go to this namespace unless their template names one.</summary>
    public const string DefaultNamespace = "default";

    private static readonly HashSet<string> NotCopied = new(StringComparer.Ordinal) { "apiVersion", "kind", "metadata", "status" };

    public StageTarget Target => target;

    /// <summary>Where a template's object lives: its own name and namespace, or <c>&lt;migration&gt;-&lt;key&gt;</c> in <see cref="DefaultNamespace"/>.</summary>
    public async Task<StageObjectRef> LocateAsync(string migration, string key, JsonObject rendered, CancellationToken cancellationToken)
    {
        if ((string?)rendered["apiVersion"] is not { Length: > 0 } apiVersion || (string?)rendered["kind"] is not { Length: > 0 } kind)
        {
            throw new StageObjectException($"template {key} has no apiVersion or kind");
        }

        var resource = await target.ResourceAsync(apiVersion, kind, cancellationToken);
        watches?.Ensure(resource); // before the object exists, so its first change is seen
        var name = (string?)rendered["metadata"]?["name"] is { Length: > 0 } given ? given : $"{migration}-{key}";
        var ns = !resource.Namespaced ? null : (string?)rendered["metadata"]?["namespace"] is { Length: > 0 } givenNs ? givenNs : DefaultNamespace;
        return new StageObjectRef(key, resource, ns, name);
    }

    /// <summary>Creates the object unless it exists; returns the live object. An object of that name without this migration's label is refused.</summary>
    public async Task<JsonObject> EnsureAsync(StageObjectRef where, JsonObject rendered, string migration, string stage, CancellationToken cancellationToken)
    {
        if (await target.Client.GetOrNullAsync(where.Resource, where.Namespace, where.Name, cancellationToken) is { } existing)
        {
            return Owned(existing, migration, where);
        }

        var obj = rendered.DeepClone().AsObject();
        var metadata = (obj["metadata"] as JsonObject) ?? new JsonObject();
        obj["metadata"] = metadata;
        metadata["name"] = where.Name;
        if (where.Namespace is { } ns)
        {
            metadata["namespace"] = ns;
        }

        var labels = (metadata["labels"] as JsonObject) ?? new JsonObject();
        metadata["labels"] = labels;
        labels[MigrationLabel] = migration;
        labels[StageLabel] = stage;
        try
        {
            return await target.Client.CreateAsync(where.Resource, where.Namespace, obj, cancellationToken);
        }
        catch (AlreadyExistsException)
        {
            return Owned(await target.Client.GetAsync(where.Resource, where.Namespace, where.Name, cancellationToken), migration, where);
        }
        catch (KubeApiException e) when (e is not ConflictException && e.StatusCode is >= 400 and < 500 and not (401 or 403 or 429))
        {
            // The object itself is refused (invalid, not served...): the move fails. A missing permission or a failing
            // credential is the broker's, which an operator fixes: the stage waits, saying so, until its timeout.
            throw new StageObjectException($"the stage target {target.Describe()} refused template {where.Key} ({where.Describe()}): {e.Message}", e);
        }
    }

    /// <summary>The live object, or null when it is gone.</summary>
    public Task<JsonObject?> ReadAsync(StageObjectRef where, CancellationToken cancellationToken) =>
        target.Client.GetOrNullAsync(where.Resource, where.Namespace, where.Name, cancellationToken);

    /// <summary>Deletes the object when it is this migration's (background propagation, so a Job's pods go too).</summary>
    public async Task DeleteAsync(StageObjectRef where, string migration, CancellationToken cancellationToken)
    {
        if (await ReadAsync(where, cancellationToken) is not { } live || KubeObject.Label(live, MigrationLabel) != migration)
        {
            return;
        }

        try
        {
            await target.Client.DeleteAsync(where.Resource, where.Namespace, where.Name, new DeleteOptions { PropagationPolicy = "Background" }, cancellationToken);
        }
        catch (NotFoundException)
        {
            // Gone already.
        }
    }

    /// <summary>Deletes every object of this kind labelled with <paramref name="migration"/> (a failed or abandoned migration's leftovers).</summary>
    public async Task DeleteLabelledAsync(string apiVersion, string kind, string migration, CancellationToken cancellationToken)
    {
        GroupVersionResource resource;
        try
        {
            resource = await target.ResourceAsync(apiVersion, kind, cancellationToken);
        }
        catch (StageObjectException)
        {
            return; // never served, so nothing was made
        }

        var labelled = await target.Client.ListAllAsync(resource, null, new ListOptions { LabelSelector = $"{MigrationLabel}={migration}" }, cancellationToken);
        foreach (var obj in labelled.Items)
        {
            await DeleteAsync(new StageObjectRef(kind, resource, resource.Namespaced ? KubeObject.Namespace(obj) : null, KubeObject.Name(obj)), migration, cancellationToken);
        }
    }

    /// <summary>
    /// Copies the related objects <paramref name="copy"/> lists (read through <paramref name="source"/>, the copy's
    /// staging workspace) to the stage target as <c>&lt;side&gt;-&lt;name&gt;</c>; returns where they are.
    /// </summary>
    public async Task<IReadOnlyList<StageObjectRef>> CopyRelatedAsync(
        ClusterClient source, JsonObject? copy, string side, string migration, string stage, CancellationToken cancellationToken)
    {
        var copies = new List<StageObjectRef>();
        foreach (var (_, node) in copy?["status"]?["relatedResources"] as JsonObject ?? [])
        {
            if (node is not JsonObject related || (string?)related["name"] is not { Length: > 0 } name || RelatedObjects.Resource(related["gvk"] as JsonObject) is not { } resource)
            {
                continue;
            }

            var sourceNs = (string?)related["namespace"] is { Length: > 0 } listed ? listed : KubeObject.Namespace(copy!);
            if (await source.GetOrNullAsync(resource, sourceNs, name, cancellationToken) is not { } original)
            {
                continue; // listed before it exists: the next pass copies it
            }

            var where = new StageObjectRef($"{side}-{name}", resource, DefaultNamespace, $"{side}-{name}");
            var desired = new JsonObject
            {
                ["apiVersion"] = original["apiVersion"]?.DeepClone(),
                ["kind"] = original["kind"]?.DeepClone(),
                ["metadata"] = new JsonObject { ["name"] = where.Name, ["namespace"] = where.Namespace },
            };
            foreach (var (field, value) in original)
            {
                if (!NotCopied.Contains(field))
                {
                    desired[field] = value?.DeepClone();
                }
            }

            var live = await EnsureAsync(where, desired, migration, stage, cancellationToken);
            if (!SameContent(live, desired))
            {
                foreach (var (field, value) in desired)
                {
                    if (field != "metadata")
                    {
                        live[field] = value?.DeepClone();
                    }
                }

                await target.Client.UpdateAsync(resource, live, cancellationToken);
            }

            copies.Add(where);
        }

        return copies;
    }

    private static bool SameContent(JsonObject live, JsonObject desired) =>
        desired.Where(p => p.Key != "metadata").All(p => JsonNode.DeepEquals(live[p.Key], p.Value));

    private JsonObject Owned(JsonObject existing, string migration, StageObjectRef where) =>
        KubeObject.Label(existing, MigrationLabel) == migration
            ? existing
            : throw new StageObjectException($"{where.Describe()} already exists in the stage target {target.Describe()} and is not this migration's (no label {MigrationLabel}={migration})");
}
