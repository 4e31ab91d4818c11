namespace Broker.Cli;

/// <summary>Bad input a user can fix: the command prints the one-line message and exits 2.</summary>
internal sealed class UsageException(string message) : Exception(message)
{
    public const int ExitCode = 2;
}
