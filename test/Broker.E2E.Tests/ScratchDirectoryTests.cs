namespace Broker.E2E.Tests;

/// <summary>Tests that write input files for a <c>broker</c> command: each test gets an empty folder of its own,
/// removed afterwards.</summary>
public abstract class ScratchDirectoryTests
{
    protected string Scratch { get; private set; } = "";

    [SetUp]
    public void CreateScratch() => Scratch = Directory.CreateTempSubdirectory("broker-e2e-").FullName;

    [TearDown]
    public void RemoveScratch() => Directory.Delete(Scratch, recursive: true);
}
