using Broker.Testing;

namespace Broker.Cel.Tests.Conformance;

/// <summary>The suite's data is part of the repository, and an absent folder is an error rather than a silent skip.</summary>
internal sealed class ConformanceSuiteTests
{
    private static readonly string[] VendoredFiles =
    [
        "basic", "comparisons", "conversions", "dynamic", "fields", "fp_math", "integer_math", "lists", "logic",
        "macros", "namespace", "parse", "plumbing", "string", "timestamps",
    ];

    [Test]
    public void FindDirectory_NoVariable_IsTheVendoredCopyWithEveryFile()
    {
        var directory = ConformanceSuite.FindDirectory(null);

        directory.ShouldBe(RepositoryRoot.Combine("test", "conformance", "cel"));
        ConformanceSuite.Problem(directory).ShouldBeNull();
        Directory.EnumerateFiles(directory, "*.textproto").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)
            .ShouldBe(VendoredFiles);
        File.Exists(Path.Combine(directory, "LICENSE")).ShouldBeTrue();
        ConformanceSuite.Load(directory).Count().ShouldBeGreaterThan(1000);
    }

    [Test]
    public void FindDirectory_Variable_WinsOverTheVendoredCopy()
    {
        ConformanceSuite.FindDirectory("/elsewhere/cel").ShouldBe("/elsewhere/cel");
        ConformanceSuite.FindDirectory("").ShouldBe(RepositoryRoot.Combine("test", "conformance", "cel"));
    }

    [Test]
    public void Problem_MissingFolder_NamesFolderAndVariable()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"cel-missing-{Guid.NewGuid():N}");

        var problem = ConformanceSuite.Problem(missing);

        problem.ShouldBe($"CEL conformance folder {missing} does not exist (set CEL_CONFORMANCE_DIR to a folder of cel-spec .textproto files)");
    }

    [Test]
    public void Problem_FolderWithoutTextproto_IsReported()
    {
        var empty = Directory.CreateTempSubdirectory("cel-empty-");
        try
        {
            ConformanceSuite.Problem(empty.FullName).ShouldBe($"CEL conformance folder {empty.FullName} holds no .textproto file");
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }
}
