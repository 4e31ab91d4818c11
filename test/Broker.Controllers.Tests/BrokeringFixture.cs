namespace Broker.Controllers.Tests;

/// <summary>A test class against <see cref="BrokeringEnvironment"/>: a fresh LocalKcp, broker and fake issuer per test.</summary>
public abstract class BrokeringFixture
{
    internal BrokeringEnvironment Env { get; private set; } = null!;

    internal FakeIssuer Issuer { get; private set; } = null!;

    [SetUp]
    public async Task StartAsync()
    {
        Env = await BrokeringEnvironment.StartAsync();
        Issuer = new FakeIssuer(Env);
    }

    [TearDown]
    public async Task StopAsync()
    {
        await Issuer.DisposeAsync();
        await Env.DisposeAsync();
    }
}
