using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Broker.Core.Routing;

/// <summary>
/// Decides which provider serves an object. Pure and deterministic: the same index and request always
/// give the same answer. Highest priority wins; ties go to the highest rendezvous weight of
/// (consumer cluster, namespace, name) x (provider cluster, AcceptAPI namespace/name). A placed object
/// stays while its provider still accepts it. <see cref="Decide"/> does not allocate.
/// </summary>
public sealed class Router(AcceptApiIndex index)
{
    /// <summary>Upper bound of <see cref="RoutingExplanation.Summary"/>, so it fits a condition message.</summary>
    public const int MaxSummaryLength = 1024;

    public AcceptApiIndex Index { get; } = index;

    public RoutingDecision Decide(in RoutingRequest request)
    {
        if (Index.Bucket(request.Gvr) is not { } bucket)
        {
            return new RoutingDecision(RoutingOutcome.NoProvider, null);
        }

        var fields = default(ResolvedFields);
        var objectHash = ObjectHash(request);
        var candidates = bucket.AcceptApis;
        if (request.Current is { } current)
        {
            if (current.AcceptApi is { } id)
            {
                for (var a = 0; a < candidates.Length; a++)
                {
                    if (candidates[a].Id == id && bucket.Matches(a, request.Object, ref fields))
                    {
                        return new RoutingDecision(RoutingOutcome.Stay, candidates[a]);
                    }
                }
            }

            // Another AcceptAPI of the same provider may take over: the copy need not move.
            if (Best(bucket, request.Object, objectHash, current.ProviderCluster, ref fields) is { } sameProvider)
            {
                return new RoutingDecision(RoutingOutcome.Stay, sameProvider);
            }
        }

        var best = Best(bucket, request.Object, objectHash, providerCluster: null, ref fields);
        if (best is null)
        {
            return new RoutingDecision(RoutingOutcome.NoProvider, null);
        }

        return new RoutingDecision(request.Current is null ? RoutingOutcome.Place : RoutingOutcome.Move, best);
    }

    /// <summary>
    /// The decision with a verdict for every AcceptAPI considered: those of the object's GVR, or all of
    /// them (reporting "GVR does not match") when <paramref name="includeOtherGvrs"/> is set.
    /// </summary>
    public RoutingExplanation Explain(in RoutingRequest request, bool includeOtherGvrs = false)
    {
        var decision = Decide(request);
        var (gvr, obj) = (request.Gvr, request.Object); // lambdas cannot capture an 'in' parameter
        var considered = includeOtherGvrs ? Index.All : Index.For(gvr).ToArray();

        // The object's own GVR first, then by provider name: what readers scan for.
        var verdicts = considered
            .OrderBy(a => a.Gvr == gvr ? 0 : 1)
            .ThenBy(a => a.Provider.DisplayName, StringComparer.Ordinal)
            .ThenBy(a => a.Id, AcceptApiId.Order)
            .Select(a =>
            {
                var reason = a.Gvr != gvr ? "GVR does not match" : a.Explain(obj);
                return new Verdict(a.Id, a.Provider.DisplayName, a.Priority, reason is null, reason ?? "accepts");
            })
            .ToList();
        return new RoutingExplanation(decision, verdicts, Summarize(verdicts));
    }

    /// <summary>"1/3 providers accept: internal-ca: accepts; external-ca: spec.fqdn ... lacks suffix ...", at most 1,024 characters.</summary>
    public static string Summarize(IReadOnlyList<Verdict> verdicts)
    {
        var providers = verdicts.Select(v => v.AcceptApi.ProviderCluster).Distinct(StringComparer.Ordinal).Count();
        var accepting = verdicts.Where(v => v.Matched).Select(v => v.AcceptApi.ProviderCluster).Distinct(StringComparer.Ordinal).Count();
        var perProvider = verdicts.GroupBy(v => v.AcceptApi.ProviderCluster, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        var summary = new StringBuilder($"{accepting}/{providers} providers accept");
        for (var i = 0; i < verdicts.Count; i++)
        {
            var verdict = verdicts[i];
            var label = perProvider[verdict.AcceptApi.ProviderCluster] > 1 ? $"{verdict.Provider}/{verdict.AcceptApi.Name}" : verdict.Provider;
            var part = $"{(i == 0 ? ": " : "; ")}{label}: {verdict.Reason}";
            var reserve = i + 1 < verdicts.Count ? More(verdicts.Count - i - 1).Length : 0;
            if (summary.Length + part.Length + reserve > MaxSummaryLength)
            {
                var more = More(verdicts.Count - i);
                summary.Length = Math.Min(summary.Length, MaxSummaryLength - more.Length);
                summary.Append(more);
                break;
            }

            summary.Append(part);
        }

        return summary.ToString();
    }

    private static string More(int count) => $"; ... and {count} more";

    private static CompiledAcceptApi? Best(GvrBucket bucket, JsonElement obj, ulong objectHash, string? providerCluster, ref ResolvedFields fields)
    {
        var candidates = bucket.AcceptApis;
        CompiledAcceptApi? best = null;
        ulong bestWeight = 0;
        for (var a = 0; a < candidates.Length; a++)
        {
            var candidate = candidates[a];
            if (best is not null && candidate.Priority < best.Priority)
            {
                break; // candidates are ordered by priority: nothing below can win
            }

            if ((providerCluster is not null && candidate.Id.ProviderCluster != providerCluster) || !bucket.Matches(a, obj, ref fields))
            {
                continue;
            }

            var weight = RendezvousHash.Weight(objectHash, candidate.ProviderHash);
            if (best is null || weight > bestWeight)
            {
                best = candidate;
                bestWeight = weight;
            }
        }

        return best;
    }

    private static ulong ObjectHash(in RoutingRequest request)
    {
        var metadata = request.Object.ValueKind == JsonValueKind.Object && request.Object.TryGetProperty("metadata"u8, out var m) ? m : default;
        return RendezvousHash.OfObject(request.ConsumerCluster, StringContent(metadata, "namespace"u8), StringContent(metadata, "name"u8));
    }

    private static ReadOnlySpan<byte> StringContent(JsonElement metadata, ReadOnlySpan<byte> property) =>
        metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? JsonMarshal.GetRawUtf8Value(value)[1..^1]
            : [];
}
