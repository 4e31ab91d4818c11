using System.Net;
using System.Text;
using Broker.Kcp.Http;
using Broker.Kcp.Models;

namespace Broker.Kcp.Tests.Http;

public sealed class KubeApiErrorsTests
{
    [TestCase(404, "NotFound", typeof(NotFoundException))]
    [TestCase(409, "Conflict", typeof(ConflictException))]
    [TestCase(409, "AlreadyExists", typeof(AlreadyExistsException))]
    [TestCase(410, "Gone", typeof(GoneException))]
    [TestCase(410, "Expired", typeof(GoneException))]
    [TestCase(500, "Expired", typeof(GoneException))]
    [TestCase(403, "Forbidden", typeof(ForbiddenException))]
    [TestCase(422, "Invalid", typeof(InvalidException))]
    [TestCase(429, "TooManyRequests", typeof(TooManyRequestsException))]
    [TestCase(405, "MethodNotAllowed", typeof(KubeApiException))]
    public void FromStatus_CodeAndReason_MatchingException(int code, string reason, Type expected)
    {
        var error = KubeApiErrors.FromStatus(new Status { Code = code, Reason = reason, Message = "msg" });

        error.GetType().ShouldBe(expected);
        error.StatusCode.ShouldBe(code);
        error.Message.ShouldBe($"{code} {reason}: msg");
    }

    [Test]
    public async Task FromResponseAsync_InvalidStatusBody_ExposesFieldCauses()
    {
        using var response = Response(HttpStatusCode.UnprocessableEntity, """
            {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Invalid","code":422,
             "message":"Certificate.example.io \"web\" is invalid",
             "details":{"name":"web","kind":"Certificate","causes":[{"reason":"FieldValueRequired","message":"Required value","field":"spec.fqdn"}]}}
            """);

        var error = (await KubeApiErrors.FromResponseAsync(response, CancellationToken.None)).ShouldBeOfType<InvalidException>();

        error.Causes.ShouldHaveSingleItem().Field.ShouldBe("spec.fqdn");
        error.Status.Outcome.ShouldBe("Failure");
        error.Status.Details!.Name.ShouldBe("web");
    }

    [Test]
    public async Task FromResponseAsync_TooManyRequestsWithRetryAfterHeader_UsesHeader()
    {
        using var response = Response((HttpStatusCode)429, "Not found on this shard");
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(3));

        var error = (await KubeApiErrors.FromResponseAsync(response, CancellationToken.None)).ShouldBeOfType<TooManyRequestsException>();

        error.RetryAfter.ShouldBe(TimeSpan.FromSeconds(3));
        error.Status.Message.ShouldBe("Not found on this shard");
    }

    [Test]
    public async Task FromResponseAsync_TooManyRequestsWithRetryAfterSecondsInBody_UsesDetails()
    {
        using var response = Response((HttpStatusCode)429, """{"kind":"Status","code":429,"reason":"TooManyRequests","details":{"retryAfterSeconds":2}}""");

        var error = (await KubeApiErrors.FromResponseAsync(response, CancellationToken.None)).ShouldBeOfType<TooManyRequestsException>();

        error.RetryAfter.ShouldBe(TimeSpan.FromSeconds(2));
    }

    [Test]
    public async Task FromResponseAsync_NonStatusJsonBody_KeepsHttpCode()
    {
        using var response = Response(HttpStatusCode.NotFound, """{"kind":"Other"}""");

        var error = await KubeApiErrors.FromResponseAsync(response, CancellationToken.None);

        error.ShouldBeOfType<NotFoundException>();
        error.Status.Message.ShouldBe("""{"kind":"Other"}""");
    }

    private static HttpResponseMessage Response(HttpStatusCode code, string body) =>
        new(code) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}
