using Broker.Cel.Tests.Conformance.TextProto;

namespace Broker.Cel.Tests.Conformance;

/// <summary>Finds and loads the conformance files: <c>CEL_CONFORMANCE_DIR</c> when set, otherwise
/// <c>../shared/conformance/cel</c> next to the folder holding <c>Broker.sln</c>.</summary>
internal static class ConformanceSuite
{
    public static string? FindDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("CEL_CONFORMANCE_DIR");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Broker.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "conformance", "cel"));
            }
        }
        return null;
    }

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
