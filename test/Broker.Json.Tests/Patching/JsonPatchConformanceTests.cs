using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Json.Patching;
using Broker.Testing;

namespace Broker.Json.Tests.Patching;

/// <summary>Every case of test/conformance/json-patch/*.json (vendored, see its README), one test case each.</summary>
public sealed class JsonPatchConformanceTests
{
    private static readonly string[] Files = ["tests.json", "spec_tests.json"];

    public static IEnumerable<TestCaseData> Cases()
    {
        var folder = RepositoryRoot.Combine("test", "conformance", "json-patch");
        foreach (var file in Files)
        {
            // JsonDocument, not JsonNode: some disabled cases repeat a member, which JsonObject rejects.
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, file)));
            var index = 0;
            foreach (var record in document.RootElement.EnumerateArray())
            {
                var comment = record.TryGetProperty("comment", out var c) ? c.GetString() : null;
                var data = new TestCaseData(
                    Raw(record, "doc"), Raw(record, "patch"), Raw(record, "expected"),
                    record.TryGetProperty("error", out var error) ? error.GetString() : null)
                    .SetName($"{file} #{index}: {comment ?? "(no comment)"}".Replace('.', '_'));
                if (record.TryGetProperty("disabled", out var disabled) && disabled.ValueKind == JsonValueKind.True)
                {
                    data = data.Ignore("disabled in the conformance file");
                }

                yield return data;
                index++;
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Apply_ConformanceCase_MatchesExpectation(string? doc, string? patch, string? expected, string? error)
    {
        var target = doc is null ? null : JsonNode.Parse(doc);
        var before = target?.ToJsonString();

        if (error is not null)
        {
            var exception = Should.Throw<JsonPatchException>(() => JsonPatch.Parse(JsonNode.Parse(patch!)).Apply(target), $"expected error: {error}");
            exception.Message.ShouldStartWith("operation 0 (");
        }
        else
        {
            var result = JsonPatch.Parse(JsonNode.Parse(patch!)).Apply(target);
            if (expected is not null)
            {
                JsonEquality.DeepEquals(result, JsonNode.Parse(expected)).ShouldBeTrue($"got {result?.ToJsonString() ?? "null"}, expected {expected}");
            }
        }

        target?.ToJsonString().ShouldBe(before);
    }

    [Test]
    public void Cases_ConformanceFiles_AreFoundAndComplete()
    {
        Cases().Count().ShouldBe(112);
    }

    private static string? Raw(JsonElement record, string member) =>
        record.TryGetProperty(member, out var value) ? value.GetRawText() : null;
}
