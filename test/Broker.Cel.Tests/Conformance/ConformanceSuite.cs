using Broker.Cel.Tests.Conformance.TextProto;
using Broker.Testing;

namespace Broker.Cel.Tests.Conformance;

/// <summary>Finds and loads the conformance files: <c>CEL_CONFORMANCE_DIR</c> when set, otherwise
/// <c>../shared/conformance/cel</c> next to the repository root.</summary>
internal static class ConformanceSuite
{
    public static string FindDirectory() =>
        Environment.GetEnvironmentVariable("CEL_CONFORMANCE_DIR") is { Length: > 0 } configured
            ? configured
            : RepositoryRoot.Combine("..", "shared", "conformance", "cel");

    public static IEnumerable<ConformanceCase> Load(string directory)
    {
        foreach (var path in Directory.EnumerateFiles(directory, "*.textproto").Order(StringComparer.Ordinal))
        {
            var file = TextProtoParser.Parse(File.ReadAllText(path));
            var fileName = Path.GetFileNameWithoutExtension(path);
            foreach (var section in file.All("section").Select(s => s.Message!))
            {
                var sectionName = section.String("name") ?? "";
                foreach (var test in section.All("test").Select(t => t.Message!))
                {
                    yield return new ConformanceCase(fileName, sectionName, test.String("name") ?? "", test);
                }
            }
        }
    }
}
