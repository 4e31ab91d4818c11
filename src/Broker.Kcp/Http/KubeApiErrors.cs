using System.Net.Http.Headers;
using System.Text.Json;
using Broker.Kcp.Models;

namespace Broker.Kcp.Http;

/// <summary>Turns a failed response or an ERROR watch event into the matching <see cref="KubeApiException"/>.</summary>
public static class KubeApiErrors
{
    /// <summary>Classifies by HTTP code first and reason second, never by message text.</summary>
    public static KubeApiException FromStatus(Status status, TimeSpan? retryAfter = null) => status.Code switch
    {
        404 => new NotFoundException(status),
        409 when string.Equals(status.Reason, "AlreadyExists", StringComparison.Ordinal) => new AlreadyExistsException(status),
        409 => new ConflictException(status),
        410 => new GoneException(status),
        403 => new ForbiddenException(status),
        422 => new InvalidException(status),
        429 => new TooManyRequestsException(status, retryAfter ?? SecondsOrNull(status.Details?.RetryAfterSeconds)),
        // A watch may report an expired resourceVersion as reason Expired with code 0 or 500 on old servers.
        _ when string.Equals(status.Reason, "Expired", StringComparison.Ordinal)
            || string.Equals(status.Reason, "Gone", StringComparison.Ordinal) => new GoneException(status),
        _ => new KubeApiException(status),
    };

    public static async Task<KubeApiException> FromResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var status = TryParseStatus(body) ?? new Status
        {
            Outcome = "Failure",
            Reason = response.ReasonPhrase,
            Message = body.Length > 0 ? body.Trim() : response.ReasonPhrase,
        };
        status = status with { Code = (int)response.StatusCode };
        return FromStatus(status, RetryAfter(response.Headers.RetryAfter)) switch
        {
            ForbiddenException when response.RequestMessage is { RequestUri: { } uri } request =>
                new ForbiddenException(status) { Refusal = Refusal.From(request.Method, uri, status.Message) },
            var other => other,
        };
    }

    private static Status? TryParseStatus(string body)
    {
        if (body.Length == 0 || body[0] != '{')
        {
            return null;
        }

        try
        {
            var status = JsonSerializer.Deserialize<Status>(body, KubeJson.Options);
            return string.Equals(status?.Kind, "Status", StringComparison.Ordinal) ? status : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // API servers send delta seconds; the HTTP-date form would need a clock and is not used by them.
    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header?.Delta;

    private static TimeSpan? SecondsOrNull(int? seconds) => seconds is > 0 ? TimeSpan.FromSeconds(seconds.Value) : null;
}
