using System.Diagnostics;
using System.Text;
using FinInfra.Infrastructure.Configuration;

namespace FinInfra.Infrastructure.Persistence.Cli;

/// <summary>One provider's migration set in the source tree: the project that holds it, its context, its folder.</summary>
public sealed record MigrationSet(DatabaseProvider Provider, string Project, string Context, string OutputDirectory)
{
    /// <summary>Every set, in the order <c>db revision</c> generates them. A new engine adds its set here.</summary>
    public static readonly IReadOnlyList<MigrationSet> All =
    [
        new(DatabaseProvider.Sqlite, "src/Infrastructure", "SqliteAppDbContext", "Persistence/Migrations/Sqlite"),
        new(DatabaseProvider.Postgres, "src/Infrastructure", "PostgresAppDbContext", "Persistence/Migrations/Postgres"),
        new(DatabaseProvider.MySql, "src/Infrastructure.MySql", "MySqlAppDbContext", "Migrations"),
        new(DatabaseProvider.SqlServer, "src/Infrastructure.SqlServer", "SqlServerAppDbContext", "Migrations"),
    ];

    public string Folder(string root) => Path.Combine(root, Project, OutputDirectory);
}

/// <summary>Runs a program to completion and returns its exit code and what it printed.</summary>
public interface IProcessRunner
{
    Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken);
}

public sealed class ProcessRunner : IProcessRunner
{
    public async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new DatabaseCommandException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output + await error);
    }
}

/// <summary>
/// <c>db revision "&lt;message&gt;"</c>: one migration, with one name, in every provider set, generated from the current model
/// by the EF tools (<c>dotnet ef migrations add</c>, pinned in dotnet-tools.json). Run from the source tree; it needs the
/// .NET SDK and no database. Either every set gets the migration or none does: on a failure the files it wrote are
/// removed and the snapshots put back.
/// </summary>
public sealed class MigrationRevision(IProcessRunner runner, TextWriter output)
{
    /// <summary>"add account nickname" → "AddAccountNickname": the message's words, each capitalised, as a C# class name.</summary>
    public static string NameFor(string message)
    {
        var name = new StringBuilder();
        var separators = message.Where(c => !char.IsAsciiLetterOrDigit(c)).Distinct().ToArray();
        foreach (var word in message.Split(separators, StringSplitOptions.RemoveEmptyEntries))
            name.Append(char.ToUpperInvariant(word[0])).Append(word.AsSpan(1));
        if (name.Length == 0 || !char.IsAsciiLetter(name[0]))
            throw new DatabaseCommandException($"'{message}' does not make a migration name: start it with a letter (e.g. \"add account nickname\").");
        return name.ToString();
    }

    /// <summary>The repository root: the nearest folder, from <paramref name="start"/> up, holding FinInfra.sln.</summary>
    public static string FindRoot(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "FinInfra.sln"))) return folder.FullName;
        throw new DatabaseCommandException("db revision runs in the source tree: no FinInfra.sln here or above. cd into the repository.");
    }

    public async Task<string> AddAsync(string message, string root, CancellationToken cancellationToken)
    {
        var name = NameFor(message);
        foreach (var set in MigrationSet.All)
            if (Directory.Exists(set.Folder(root)) && Directory.EnumerateFiles(set.Folder(root), $"*_{name}.cs").Any())
                throw new DatabaseCommandException($"A migration called {name} already exists in {set.Project}/{set.OutputDirectory}; choose another message.");

        await RequireAsync(root, "dotnet", ["tool", "restore"], "restore the EF tools", cancellationToken);
        foreach (var project in MigrationSet.All.Select(s => s.Project).Distinct())
            await RequireAsync(root, "dotnet", ["build", project, "-v", "q", "-nologo"], $"build {project}", cancellationToken);

        var before = MigrationSet.All.ToDictionary(s => s, s => Snapshot(s.Folder(root)));
        try
        {
            foreach (var set in MigrationSet.All)
            {
                output.WriteLine($"{set.Provider}: dotnet ef migrations add {name} --context {set.Context}");
                await RequireAsync(root, "dotnet",
                    ["ef", "migrations", "add", name, "--no-build", "--project", set.Project, "--startup-project", set.Project,
                     "--context", set.Context, "--output-dir", set.OutputDirectory],
                    $"generate the {set.Provider} migration", cancellationToken);
            }
        }
        catch
        {
            foreach (var (set, files) in before) Restore(set.Folder(root), files);
            throw;
        }

        var written = MigrationSet.All.SelectMany(s => Directory.EnumerateFiles(s.Folder(root), $"*_{name}.cs")).Select(f => Path.GetRelativePath(root, f)).Order().ToList();
        output.WriteLine($"Added {name} to {MigrationSet.All.Count} migration sets:");
        foreach (var file in written) output.WriteLine($"  {file}");
        output.WriteLine("Read each one before committing it: EF cannot tell a rename from a drop and an add.");
        return name;
    }

    private async Task RequireAsync(string root, string program, IReadOnlyList<string> arguments, string what, CancellationToken cancellationToken)
    {
        var (exitCode, text) = await runner.RunAsync(root, program, arguments, cancellationToken);
        if (exitCode == 0) return;
        var reason = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? $"exit code {exitCode}";
        throw new DatabaseCommandException($"Could not {what}: {reason}");
    }

    private static Dictionary<string, byte[]> Snapshot(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder).ToDictionary(f => f, File.ReadAllBytes) : [];

    private static void Restore(string folder, Dictionary<string, byte[]> files)
    {
        if (!Directory.Exists(folder)) return;
        foreach (var file in Directory.EnumerateFiles(folder).Where(f => !files.ContainsKey(f))) File.Delete(file);
        foreach (var (file, content) in files)
            if (!File.Exists(file) || !File.ReadAllBytes(file).AsSpan().SequenceEqual(content)) File.WriteAllBytes(file, content);
    }
}
