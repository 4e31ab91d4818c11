using Broker.Controllers.Staging;

namespace Broker.Controllers.Tests;

public sealed class PreparationPollTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Test]
    public void After_SameStateAgain_DoublesUpToTheCap()
    {
        var poll = new PreparationPoll(20 * Ms, 100 * Ms);

        new[] { "Scheduling", "Scheduling", "Scheduling", "Scheduling", "Scheduling" }.Select(poll.After)
            .ShouldBe([20 * Ms, 40 * Ms, 80 * Ms, 100 * Ms, 100 * Ms]);
    }

    [Test]
    public void After_AStepFurther_StartsAgainFromTheFirstDelay()
    {
        var poll = new PreparationPoll(20 * Ms, TimeSpan.FromSeconds(2));

        new[] { "created", "created", "created", "Initializing", "Initializing", "Ready", "403 Forbidden", "403 Forbidden" }.Select(poll.After)
            .ShouldBe([20 * Ms, 40 * Ms, 80 * Ms, 20 * Ms, 40 * Ms, 20 * Ms, 20 * Ms, 40 * Ms]);
    }
}
