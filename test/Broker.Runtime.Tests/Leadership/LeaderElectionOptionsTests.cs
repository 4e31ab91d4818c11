using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Broker.Runtime.Leadership;
using Microsoft.Extensions.Logging.Abstractions;

namespace Broker.Runtime.Tests.Leadership;

public sealed class LeaderElectionOptionsTests
{
    private static readonly object[] Invalid =
    [
        new object[] { new LeaderElectionOptions { LeaseDuration = TimeSpan.FromSeconds(-15) }, "the lease duration (-15s) must be at least 1s: a Lease stores whole seconds" },
        new object[] { new LeaderElectionOptions { RenewDeadline = TimeSpan.FromSeconds(-1) }, "the renew deadline (-1s) must be positive" },
        new object[] { new LeaderElectionOptions { RenewDeadline = TimeSpan.FromSeconds(15) }, "the renew deadline (15s) must be shorter than the lease duration (15s), so a leader stops before a standby may start" },
        new object[] { new LeaderElectionOptions { RetryPeriod = TimeSpan.Zero }, "the retry period (0s) must be positive" },
        new object[] { new LeaderElectionOptions { RetryPeriod = TimeSpan.FromSeconds(10) }, "the retry period (10s) must be shorter than the renew deadline (10s), so a leader retries a failed renewal" },
        new object[] { new LeaderElectionOptions { LeaseName = "" }, "the lease name must not be empty" },
        new object[] { new LeaderElectionOptions { LeaseNamespace = " " }, "the lease namespace must not be empty" },
    ];

    [Test]
    public void Validate_Defaults_NoProblems()
    {
        var options = new LeaderElectionOptions();

        options.Validate().ShouldBeEmpty();
        options.LeaseDuration.ShouldBe(TimeSpan.FromSeconds(15));
        options.RenewDeadline.ShouldBe(TimeSpan.FromSeconds(10));
        options.RetryPeriod.ShouldBe(TimeSpan.FromSeconds(2));
        options.Identity.ShouldStartWith(Environment.MachineName + "_");
        new LeaderElectionOptions().Identity.ShouldNotBe(options.Identity);
    }

    [TestCaseSource(nameof(Invalid))]
    public void Validate_BadValue_NamesIt(LeaderElectionOptions options, string problem) =>
        options.Validate().ShouldBe([problem]);

    [Test]
    public void Validate_SeveralBadValues_ReportsEveryOne() =>
        new LeaderElectionOptions { LeaseName = "", RenewDeadline = TimeSpan.FromSeconds(20) }.Validate().Count.ShouldBe(2);

    [Test]
    public void LeaseDurationSeconds_Fraction_RoundsUp() =>
        new LeaderElectionOptions { LeaseDuration = TimeSpan.FromSeconds(2.2) }.LeaseDurationSeconds.ShouldBe(3);

    [Test]
    public void Constructor_InvalidOptions_ThrowsWithTheProblem()
    {
        using var client = new KcpClient(new KcpConnection(new Uri("https://127.0.0.1:1/"), ClusterPath.Parse("root"), new KcpCredentials()));

        Should.Throw<ArgumentException>(() => new LeaderElector(
                client.Workspace, new LeaderElectionOptions { RenewDeadline = TimeSpan.FromSeconds(20) }, TimeProvider.System, NullLogger<LeaderElector>.Instance))
            .Message.ShouldStartWith("Invalid leader election options: the renew deadline (20s) must be shorter than the lease duration (15s)");
    }
}
