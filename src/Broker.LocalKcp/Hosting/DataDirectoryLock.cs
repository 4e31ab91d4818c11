using Broker.LocalKcp.Storage;

namespace Broker.LocalKcp.Hosting;

/// <summary>
/// Keeps a second LocalKcp off a data directory in use: an exclusive lock on <c>&lt;dir&gt;/lock</c> (flock on Unix),
/// which the kernel releases when the process ends, however it ends, so a killed LocalKcp never leaves it stuck.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file) => _file = file;

    public static DataDirectoryLock Acquire(string directory)
    {
        var path = Path.Combine(directory, "lock");
        try
        {
            return new DataDirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e)
        {
            throw new StoredStateException($"{Path.GetFullPath(directory)} is in use by another LocalKcp (it holds {path}); stop it or choose another --dir", e);
        }
    }

    public void Dispose() => _file.Dispose();
}
