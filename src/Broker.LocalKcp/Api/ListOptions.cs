using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Broker.LocalKcp.Api;

/// <summary>The query parameters of list and watch requests.</summary>
public sealed record ListOptions
{
    public LabelSelector Labels { get; init; } = LabelSelector.Everything;

    public FieldSelector Fields { get; init; } = FieldSelector.Everything;

    public int? Limit { get; init; }

    public string? Continue { get; init; }

    public string? ResourceVersion { get; init; }

    public bool Watch { get; init; }

    public bool AllowBookmarks { get; init; }

    public bool SendInitialEvents { get; init; }

    public int? TimeoutSeconds { get; init; }

    public static ListOptions From(IQueryCollection query) => new()
    {
        Labels = LabelSelector.Parse(query["labelSelector"]),
        Fields = FieldSelector.Parse(query["fieldSelector"]),
        Limit = int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var limit) && limit > 0 ? limit : null,
        Continue = NullIfEmpty(query["continue"]),
        ResourceVersion = NullIfEmpty(query["resourceVersion"]),
        Watch = IsTrue(query["watch"]),
        AllowBookmarks = IsTrue(query["allowWatchBookmarks"]),
        SendInitialEvents = IsTrue(query["sendInitialEvents"]),
        TimeoutSeconds = int.TryParse(query["timeoutSeconds"], CultureInfo.InvariantCulture, out var timeout) && timeout > 0 ? timeout : null,
    };

    private static bool IsTrue(string? value) => value is "true" or "1" or "True";

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
