namespace Broker.LocalKcp.Hosting;

/// <summary>How to run LocalKcp. Port 0 picks a free port; the data directory keeps certificates, users.csv (the tokens) and, unless ephemeral, the objects.</summary>
public sealed record LocalKcpOptions
{
    public int Port { get; init; } = 6443;

    public string DataDirectory { get; init; } = ".broker";

    public int Shards { get; init; } = 1;

    /// <summary>Keep objects in memory only (tests, throw-away runs); otherwise they live in &lt;dir&gt;/store/&lt;shard&gt;.db.</summary>
    public bool Ephemeral { get; init; }

    /// <summary>A fixed token for shard-admin (system:masters); null keeps the one in the data directory's users.csv or generates one.</summary>
    public string? AdminToken { get; init; }

    /// <summary>Events each shard remembers for watch resumption; older resumes get 410 Gone.</summary>
    public int WatchHistory { get; init; } = 10_000;

    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Delay between a Workspace's Scheduling phase and Ready, so clients can observe the transition.</summary>
    public TimeSpan WorkspaceSchedulingDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Minimum level for ASP.NET Core's own logging.</summary>
    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Warning;
}
