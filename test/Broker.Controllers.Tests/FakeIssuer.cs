using System.Text;
using System.Text.Json.Nodes;
using Broker.Controllers.Naming;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Models;

namespace Broker.Controllers.Tests;

/// <summary>
/// Plays every provider's controller by polling the staging workspaces directly: for each copy it
/// writes a Secret naming the provider and fqdn, then reports Available with the Secret as related
/// resource (vendor-ca: phase Issued and secretName on its VendorCertificates). Providers listed in <see cref="Stalled"/>
/// never become ready.
/// </summary>
internal sealed class FakeIssuer : IAsyncDisposable
{
    private static readonly GroupVersionResource Workspaces = new("tenancy.kcp.io", "v1alpha1", "workspaces", Namespaced: false);
    private readonly BrokeringEnvironment _environment;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeIssuer(BrokeringEnvironment environment)
    {
        _environment = environment;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>The provider that serves its own VendorCertificate kind (<see cref="BrokeringEnvironment.AddVendorProviderAsync"/>).</summary>
    public const string VendorCa = "vendor-ca";

    public HashSet<string> Stalled { get; } = new(StringComparer.Ordinal);

    public static string SecretText(string provider, string fqdn) => $"issuer={provider};fqdn={fqdn}";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await IssueAllAsync(cancellationToken);
            }
            catch (KubeApiException)
            {
                // Workspaces come and go under us; the next round sees the new state.
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private async Task IssueAllAsync(CancellationToken cancellationToken)
    {
        var client = _environment.Client;
        var workspaces = await client.Cluster("root:platform").ListAllAsync(Workspaces, null, new ListOptions { LabelSelector = BrokerNames.StagingLabel + "=true" }, cancellationToken);
        foreach (var workspace in workspaces.Items.Where(w => (string?)w["status"]?["phase"] == "Ready"))
        {
            var providerHash = KubeObject.Label(workspace, BrokerNames.ProviderLabel);
            var provider = _environment.Providers.FirstOrDefault(p => BrokerNames.Hash(p.Value.Name) == providerHash).Key;
            if (provider is null || Stalled.Contains(provider))
            {
                continue;
            }

            var staging = client.Cluster("root:platform:" + KubeObject.Name(workspace));
            var vendor = provider == VendorCa;
            foreach (var resource in vendor ? VendorKinds : [BrokeringEnvironment.Certificates])
            {
                ObjectList certificates;
                try
                {
                    certificates = await staging.ListAllAsync(resource, null, null, cancellationToken);
                }
                catch (NotFoundException)
                {
                    continue; // not bound yet (or not served by this export)
                }

                foreach (var certificate in certificates.Items.Where(c => c["metadata"]?["deletionTimestamp"] is null))
                {
                    await IssueAsync(staging, provider, resource, certificate, vendor, cancellationToken);
                }
            }
        }
    }

    // The vendor's own kinds: VendorCertificates, and VendorKeys where a test made its export serve them too.
    private static readonly GroupVersionResource[] VendorKinds = [BrokeringEnvironment.VendorCertificates, BrokeringEnvironment.VendorKeys];

    // A vendor kind (translated by the broker) names its host commonName and reports phase Issued and secretName.
    private static async Task IssueAsync(ClusterClient staging, string provider, GroupVersionResource resource, JsonObject certificate, bool vendor, CancellationToken cancellationToken)
    {
        var (ns, name, fqdn) = (KubeObject.Namespace(certificate), KubeObject.Name(certificate), (string?)certificate["spec"]?[vendor ? "commonName" : "fqdn"] ?? "");
        var text = Convert.ToBase64String(Encoding.UTF8.GetBytes(SecretText(provider, fqdn)));
        JsonObject? existing = null;
        try
        {
            existing = await staging.GetAsync(BrokeringEnvironment.Secrets, ns, name, cancellationToken);
        }
        catch (NotFoundException)
        {
            // Not issued yet.
        }

        if ((string?)certificate["status"]?[vendor ? "phase" : "status"] is "Available" or "Issued" && (string?)existing?["data"]?["tls.crt"] == text)
        {
            return;
        }

        var secret = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["type"] = "Opaque",
            ["data"] = new JsonObject { ["tls.crt"] = text },
        };
        if (existing is not null)
        {
            existing["data"] = secret["data"]!.DeepClone();
            await staging.UpdateAsync(BrokeringEnvironment.Secrets, existing, cancellationToken);
        }
        else
        {
            await staging.CreateAsync(BrokeringEnvironment.Secrets, ns, secret, cancellationToken);
        }

        if (vendor)
        {
            certificate["status"] = new JsonObject { ["phase"] = "Issued", ["secretName"] = name };
            await staging.UpdateStatusAsync(resource, certificate, cancellationToken);
            return;
        }

        certificate["status"] = new JsonObject
        {
            ["status"] = "Available",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["reason"] = "Issued", ["message"] = "issued by " + provider, ["lastTransitionTime"] = "2026-01-01T00:00:00Z" }),
            ["relatedResources"] = new JsonObject
            {
                ["secret"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["gvk"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Secret" } },
            },
        };
        await staging.UpdateStatusAsync(resource, certificate, cancellationToken);
    }
}
