using System.Globalization;
using System.Text.Json.Nodes;
using Broker.Core.Api.V1Alpha1;
using Broker.Kcp.Models;

namespace KcpCerts.Issuer;

/// <summary>Reads and writes the status of an unstructured Certificate. Only the Ready condition is the issuer's; any
/// other condition on the object is left untouched.</summary>
internal static class CertificateStatus
{
    /// <summary>Applies <paramref name="update"/> to <paramref name="certificate"/> in place; false when it already says
    /// exactly that, so the caller writes nothing. <paramref name="vendor"/>: the VendorCertificate's own fields instead
    /// of the provider contract's (phase Pending/Issued/Failed, secretName, message).</summary>
    public static bool Apply(JsonObject certificate, StatusUpdate update, DateTimeOffset now, bool vendor = false)
    {
        if (certificate["status"] is not JsonObject status)
        {
            status = [];
            certificate["status"] = status;
        }

        var before = status.ToJsonString();
        if (vendor)
        {
            status["phase"] = update.Phase switch
            {
                ProviderStatus.Available => "Issued",
                ProviderStatus.Failed => "Failed",
                _ => "Pending",
            };
            status["message"] = update.Message;
            UpsertReady(status, update, Generation(certificate), now);
            if ((string?)update.Secret?["name"] is { } secretName)
            {
                status["secretName"] = secretName;
            }

            return !string.Equals(before, status.ToJsonString(), StringComparison.Ordinal);
        }

        status["status"] = update.Phase;
        UpsertReady(status, update, Generation(certificate), now);
        if (update.Secret is not null)
        {
            if (status["relatedResources"] is not JsonObject related)
            {
                related = [];
                status["relatedResources"] = related;
            }

            related["secret"] = update.Secret.DeepClone();
        }

        return !string.Equals(before, status.ToJsonString(), StringComparison.Ordinal);
    }

    /// <summary>When the current provisioning round began: the Ready condition says Provisioning for this generation.</summary>
    public static DateTimeOffset? ProvisioningSince(JsonObject certificate)
    {
        var ready = Ready(certificate);
        if (ready?["reason"]?.GetValue<string>() != ProviderStatus.Provisioning
            || ready["observedGeneration"]?.GetValue<long>() != Generation(certificate)
            || ready["lastTransitionTime"]?.GetValue<string>() is not { } time)
        {
            return null;
        }

        return DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since) ? since : null;
    }

    /// <summary>The reason of the Ready condition, e.g. Issued, Provisioning or SecretConflict.</summary>
    public static string? ReadyReason(JsonObject certificate) => Ready(certificate)?["reason"]?.GetValue<string>();

    public static string? Phase(JsonObject certificate) => certificate["status"]?["status"]?.GetValue<string>();

    public static long Generation(JsonObject certificate) => KubeObject.Metadata(certificate)?["generation"]?.GetValue<long>() ?? 0;

    public static JsonObject SecretReference(string name, string ns) => new()
    {
        ["name"] = name,
        ["namespace"] = ns,
        ["gvk"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Secret" },
    };

    private static JsonObject? Ready(JsonObject certificate) =>
        (certificate["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(c => c["type"]?.GetValue<string>() == IssuerResources.ReadyCondition);

    private static void UpsertReady(JsonObject status, StatusUpdate update, long generation, DateTimeOffset now)
    {
        if (status["conditions"] is not JsonArray conditions)
        {
            conditions = [];
            status["conditions"] = conditions;
        }

        var old = conditions.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == IssuerResources.ReadyCondition);
        var value = update.Ready ? "True" : "False";

        // The clock moves when the state changes (status or reason), not when only the message is refreshed; the
        // Provisioning round reads its start from it.
        var unchanged = !update.RestartClock
            && old?["status"]?.GetValue<string>() == value
            && old["reason"]?.GetValue<string>() == update.Reason;
        var since = unchanged && old?["lastTransitionTime"] is { } kept
            ? kept.DeepClone()
            : JsonValue.Create(now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        var ready = new JsonObject
        {
            ["type"] = IssuerResources.ReadyCondition,
            ["status"] = value,
            ["observedGeneration"] = generation,
            ["lastTransitionTime"] = since,
            ["reason"] = update.Reason,
            ["message"] = update.Message,
        };

        if (old is null)
        {
            conditions.Add(ready);
        }
        else
        {
            conditions[conditions.IndexOf(old)] = ready;
        }
    }
}
