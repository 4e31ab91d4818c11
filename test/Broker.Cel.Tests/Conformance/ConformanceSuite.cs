using Broker.Cel.Tests.Conformance.TextProto;
using Broker.Testing;

namespace Broker.Cel.Tests.Conformance;

/// <summary>Finds and loads the conformance files: <c>CEL_CONFORMANCE_DIR</c> when set, otherwise the copy vendored
/// in <c>test/conformance/cel</c>, so a clone passes on its own.</summary>
internal static class ConformanceSuite
{
    public const string DirectoryVariable = "CEL_CONFORMANCE_DIR";

    public static string FindDirectory() => FindDirectory(Environment.GetEnvironmentVariable(DirectoryVariable));

    public static string FindDirectory(string? configured) =>
        configured is { Length: > 0 } ? Path.GetFullPath(configured) : RepositoryRoot.Combine("test", "conformance", "cel");

    /// <summary>Why <paramref name="directory"/> cannot serve as the suite (absent, or without a .textproto file), or null.</summary>
    public static string? Problem(string directory) =>
        !Directory.Exists(directory) ? $"CEL conformance folder {directory} does not exist (set {DirectoryVariable} to a folder of cel-spec .textproto files)"
        : !Directory.EnumerateFiles(directory, "*.textproto").Any() ? $"CEL conformance folder {directory} holds no .textproto file"
        : null;

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
