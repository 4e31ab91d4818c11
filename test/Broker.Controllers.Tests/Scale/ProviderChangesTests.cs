using System.Text;
using static Broker.Controllers.Tests.BrokeringEnvironment;

namespace Broker.Controllers.Tests.Scale;

/// <summary>What a provider changes after an object was placed reaches the consumer through the provider export's virtual
/// workspace watch (issue 19), with no poll: a rotated Secret is copied to the consumer.</summary>
public sealed class ProviderChangesTests : BrokeringFixture
{
    [Test]
    public async Task ProviderRotatesTheSecret_AfterPlacement_ConsumerSecretFollows()
    {
        await Env.ConsumerClient.CreateAsync(Certificates, "default", Certificate("app", "app.internal.corp"), CancellationToken.None);
        await EventuallyAsync(() => Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "app"), "the first Secret");
        Issuer.Stalled.Add("internal-ca"); // the issuer would write its Secret back

        var staging = Env.Client.Cluster("root:platform:" + (await Env.StagingWorkspacesAsync()).Single());
        var secret = await staging.GetAsync(Secrets, "default", "app", CancellationToken.None);
        secret["data"]!["tls.crt"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("rotated"));
        await staging.UpdateAsync(Secrets, secret, CancellationToken.None);

        await EventuallyAsync(
            async () => SecretText(await Env.TryGetAsync(Env.ConsumerClient, Secrets, "default", "app")) == "rotated" ? "" : null,
            "the rotated Secret in the consumer workspace", TimeSpan.FromSeconds(15));
    }
}
