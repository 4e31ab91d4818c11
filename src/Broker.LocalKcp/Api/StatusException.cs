using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Api;

/// <summary>A refusal that is answered with a Kubernetes Status object (kind Status, reason, code, message).</summary>
public sealed class StatusException : Exception
{
    public StatusException()
        : this(500, "InternalError", "internal error")
    {
    }

    public StatusException(string message)
        : this(500, "InternalError", message)
    {
    }

    public StatusException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = 500;
        Reason = "InternalError";
    }

    public StatusException(int code, string reason, string message, StatusDetails? details = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    public int Code { get; }

    public string Reason { get; }

    public StatusDetails? Details { get; }

    /// <summary>Seconds for a Retry-After header, when the client should come back later.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static StatusException NotFound(string groupResource, string name) =>
        new(404, "NotFound", $"{groupResource} \"{name}\" not found", new StatusDetails(name, GroupOf(groupResource), KindOf(groupResource)));

    public static StatusException AlreadyExists(string groupResource, string name) =>
        new(409, "AlreadyExists", $"{groupResource} \"{name}\" already exists", new StatusDetails(name, GroupOf(groupResource), KindOf(groupResource)));

    public static StatusException Conflict(string groupResource, string name, string detail) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {groupResource} \"{name}\": {detail}", new StatusDetails(name, GroupOf(groupResource), KindOf(groupResource)));

    public static StatusException BadRequest(string message) => new(400, "BadRequest", message);

    public static StatusException Forbidden(string message) => new(403, "Forbidden", message);

    public static StatusException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    public static StatusException Expired(string message) => new(410, "Expired", message);

    public static StatusException Invalid(string kind, string name, string group, IReadOnlyList<StatusCause> causes) =>
        new(422, "Invalid",
            $"{kind}{(group.Length > 0 ? "." + group : "")} \"{name}\" is invalid: " + string.Join(", ", causes.Select(c => $"{c.Field}: {c.Message}")),
            new StatusDetails(name, group, kind, causes));

    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };
        if (Details is { } details)
        {
            var node = new JsonObject { ["name"] = details.Name, ["group"] = details.Group, ["kind"] = details.Kind };
            if (details.Causes is { Count: > 0 } causes)
            {
                node["causes"] = new JsonArray([.. causes.Select(c => (JsonNode)new JsonObject
                {
                    ["reason"] = c.Reason,
                    ["message"] = c.Message,
                    ["field"] = c.Field,
                })]);
            }

            status["details"] = node;
        }

        status["code"] = Code;
        return status;
    }

    private static string GroupOf(string groupResource)
    {
        var dot = groupResource.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? "" : groupResource[(dot + 1)..];
    }

    private static string KindOf(string groupResource)
    {
        var dot = groupResource.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? groupResource : groupResource[..dot];
    }
}
