using Broker.LocalKcp.Storage;
using Broker.LocalKcp.Watch;

namespace Broker.LocalKcp.Tests.Watch;

public sealed class WatchHistoryTests
{
    private static readonly StorageKey ConfigMaps = new("", "configmaps");
    private static readonly StorageKey Secrets = new("", "secrets");

    private static WatchEvent Event(long revision, StorageKey resource) => WatchEvent.Bookmark(resource, revision);

    private static List<long> Since(WatchHistory history, long revision, StorageKey? resource = null)
    {
        var found = new List<WatchEvent>();
        history.TryGetSince(revision, e => resource is null || e.Resource == resource, found).ShouldBeTrue();
        return found.ConvertAll(e => e.Revision);
    }

    [Test]
    public void TryGetSince_ReturnsTheNewerEventsInOrder_FromAnyPointOfAWrappedWindow()
    {
        var history = new WatchHistory(5);
        for (var revision = 1; revision <= 8; revision++)
        {
            history.Append(Event(revision, revision % 2 == 0 ? Secrets : ConfigMaps));
        }

        history.CompactedRevision.ShouldBe(3);
        Since(history, 3).ShouldBe([4, 5, 6, 7, 8]);
        Since(history, 5).ShouldBe([6, 7, 8]);
        Since(history, 7).ShouldBe([8]);
        Since(history, 8).ShouldBeEmpty();
        Since(history, 100).ShouldBeEmpty();
        Since(history, 4, Secrets).ShouldBe([6, 8]);
    }

    [Test]
    public void TryGetSince_SkipsRepeatedRevisionsUpToTheResumePoint()
    {
        var history = new WatchHistory(10);
        foreach (var revision in new long[] { 1, 2, 2, 2, 3, 3, 4 })
        {
            history.Append(Event(revision, ConfigMaps));
        }

        Since(history, 2).ShouldBe([3, 3, 4]);
        Since(history, 0).Count.ShouldBe(7);
    }

    [Test]
    public void TryGetSince_FailsForAResumeFromBeforeTheWindow_AndAfterACompaction()
    {
        var history = new WatchHistory(2);
        for (var revision = 1; revision <= 4; revision++)
        {
            history.Append(Event(revision, ConfigMaps));
        }

        history.TryGetSince(1, _ => true, []).ShouldBeFalse();
        history.Compact(10);
        history.TryGetSince(9, _ => true, []).ShouldBeFalse();
        Since(history, 10).ShouldBeEmpty();
    }
}
