namespace FinInfra.Integration.Tests.Infrastructure;

/// <summary>
/// The throwaway servers' folders (PostgreSQL clusters in the temp folder, MariaDB in /dev/shm): removed reliably when a
/// server stops, and swept when an earlier run's test host died before it could remove its own.
/// </summary>
public static class ServerFolders
{
    /// <summary>
    /// Removes a folder, retrying for a few seconds: a server killed a moment ago may still be writing into it, and a
    /// delete that meets a file created meanwhile fails with "directory not empty". A MariaDB folder is in memory, so one
    /// left behind costs the machine its size (0.5–0.7 GB after a suite).
    /// </summary>
    public static void Delete(string folder)
    {
        for (var attempt = 0; attempt < 50 && Directory.Exists(folder); attempt++)
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Thread.Sleep(100); }
        }
    }

    /// <summary>
    /// Deletes the folders under <paramref name="parent"/> named <paramref name="pattern"/> whose server is gone: its pid
    /// file (<paramref name="pidFile"/>, relative to the folder; the pid on its first line) names no live process. A
    /// folder without a pid file may belong to a suite starting its server right now (that takes seconds), so only one
    /// untouched for 10 minutes goes.
    /// </summary>
    public static void RemoveAbandoned(string parent, string pattern, string pidFile)
    {
        if (!Directory.Exists(parent)) return;
        foreach (var folder in Directory.EnumerateDirectories(parent, pattern))
        {
            var pidPath = Path.Combine(folder, pidFile);
            bool hasPid, alive;
            try
            {
                hasPid = File.Exists(pidPath);
                alive = hasPid && int.TryParse(File.ReadLines(pidPath).FirstOrDefault()?.Trim(), out var pid) && Directory.Exists($"/proc/{pid}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (!alive && (hasPid || Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow.AddMinutes(-10))) Delete(folder);
        }
    }
}
