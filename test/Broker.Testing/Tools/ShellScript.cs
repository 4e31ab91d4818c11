namespace Broker.Testing.Tools;

/// <summary>An executable <c>/bin/sh</c> script the tests hand to a program, e.g. as a kubeconfig's exec credential plugin.</summary>
public static class ShellScript
{
    public static string Write(string path, string body)
    {
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
