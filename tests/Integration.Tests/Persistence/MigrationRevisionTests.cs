using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence.Cli;

namespace FinInfra.Integration.Tests.Persistence;

/// <summary>
/// <c>db revision "&lt;message&gt;"</c>, end to end except for the EF tools themselves: a scripted process runner stands in
/// for <c>dotnet</c> (it records every command line and writes the files <c>dotnet ef migrations add</c> would write), over a
/// throwaway source tree. Running the real tools four times, after three builds, takes minutes on this machine, too long for
/// every test run; what <c>db revision</c> decides — the order, the command lines, one name for every set, the all-or-nothing
/// rollback — is what these tests pin.
/// </summary>
public sealed class MigrationRevisionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fininfra-revision-").FullName;

    public MigrationRevisionTests()
    {
        File.WriteAllText(Path.Combine(_root, "FinInfra.sln"), "");
        foreach (var set in MigrationSet.All)
        {
            Directory.CreateDirectory(set.Folder(_root));
            File.WriteAllText(Path.Combine(set.Folder(_root), $"{set.Context}ModelSnapshot.cs"), $"// {set.Provider} snapshot before");
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Records each call; <c>dotnet ef migrations add</c> writes a migration and rewrites the snapshot, as EF does.</summary>
    private sealed class ScriptedDotnet(string root, DatabaseProvider? failOn = null) : IProcessRunner
    {
        public List<(string WorkingDirectory, string Program, string[] Arguments)> Calls { get; } = [];

        public Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
        {
            Calls.Add((workingDirectory, program, [.. arguments]));
            if (arguments is not ["ef", "migrations", "add", var name, ..]) return Task.FromResult((0, "ok"));
            var set = MigrationSet.All.Single(s => s.Context == Argument(arguments, "--context"));
            var folder = Path.Combine(root, Argument(arguments, "--project"), Argument(arguments, "--output-dir"));
            File.WriteAllText(Path.Combine(folder, $"20270101000000_{name}.cs"), "// migration");
            File.WriteAllText(Path.Combine(folder, $"20270101000000_{name}.Designer.cs"), "// designer");
            File.WriteAllText(Path.Combine(folder, $"{set.Context}ModelSnapshot.cs"), "// snapshot after");
            return Task.FromResult(set.Provider == failOn
                ? (1, "Build started...\nerror: Unable to create a 'DbContext' of type 'X'.")
                : (0, "Done. To undo this action, use 'ef migrations remove'"));
        }

        private static string Argument(IReadOnlyList<string> arguments, string option) => arguments[arguments.ToList().IndexOf(option) + 1];
    }

    [Fact]
    public async Task Generates_one_migration_with_one_name_in_every_provider_set_from_the_repository_root()
    {
        var dotnet = new ScriptedDotnet(_root);
        using var output = new StringWriter();

        var name = await new MigrationRevision(dotnet, output).AddAsync("add account nickname", _root, CancellationToken.None);

        Assert.Equal("AddAccountNickname", name);
        Assert.All(dotnet.Calls, c => Assert.Equal(("dotnet", _root), (c.Program, c.WorkingDirectory)));
        var lines = dotnet.Calls.Select(c => string.Join(' ', c.Arguments)).ToList();
        Assert.Equal(
        [
            "tool restore",
            "build src/Infrastructure -v q -nologo",
            "build src/Infrastructure.MySql -v q -nologo",
            "build src/Infrastructure.SqlServer -v q -nologo",
            "ef migrations add AddAccountNickname --no-build --project src/Infrastructure --startup-project src/Infrastructure --context SqliteAppDbContext --output-dir Persistence/Migrations/Sqlite",
            "ef migrations add AddAccountNickname --no-build --project src/Infrastructure --startup-project src/Infrastructure --context PostgresAppDbContext --output-dir Persistence/Migrations/Postgres",
            "ef migrations add AddAccountNickname --no-build --project src/Infrastructure.MySql --startup-project src/Infrastructure.MySql --context MySqlAppDbContext --output-dir Migrations",
            "ef migrations add AddAccountNickname --no-build --project src/Infrastructure.SqlServer --startup-project src/Infrastructure.SqlServer --context SqlServerAppDbContext --output-dir Migrations",
        ], lines);
        foreach (var set in MigrationSet.All)
        {
            Assert.True(File.Exists(Path.Combine(set.Folder(_root), "20270101000000_AddAccountNickname.cs")), set.Provider.ToString());
            Assert.Contains(Path.Combine(set.Project, set.OutputDirectory, "20270101000000_AddAccountNickname.cs"), output.ToString());
        }
        Assert.Contains($"Added AddAccountNickname to {MigrationSet.All.Count} migration sets", output.ToString());
    }

    [Fact]
    public async Task The_tool_version_db_revision_runs_is_the_one_pinned_for_EF_Core()
    {
        // "dotnet tool restore" then "dotnet ef" resolve the tool from the repository's manifest; it must match EF Core's version.
        var root = MigrationRevision.FindRoot(AppContext.BaseDirectory);
        var manifest = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(root, "dotnet-tools.json")));
        var tool = manifest.RootElement.GetProperty("tools").GetProperty("dotnet-ef").GetProperty("version").GetString();
        var efCore = typeof(Microsoft.EntityFrameworkCore.DbContext).Assembly.GetName().Version!;
        Assert.Equal($"{efCore.Major}.{efCore.Minor}.{efCore.Build}", tool);
    }

    [Fact]
    public async Task A_set_that_fails_takes_every_set_back_to_where_it_was()
    {
        var dotnet = new ScriptedDotnet(_root, failOn: DatabaseProvider.MySql);
        var before = MigrationSet.All.ToDictionary(s => s, s => Files(s.Folder(_root)));

        var failure = await Assert.ThrowsAsync<DatabaseCommandException>(() =>
            new MigrationRevision(dotnet, TextWriter.Null).AddAsync("add account nickname", _root, CancellationToken.None));

        Assert.Contains("generate the MySql migration", failure.Message);
        Assert.Contains("Unable to create a 'DbContext'", failure.Message);
        Assert.DoesNotContain(dotnet.Calls, c => c.Arguments.Contains("SqlServerAppDbContext"));
        foreach (var (set, files) in before) Assert.Equal(files, Files(set.Folder(_root)));
    }

    [Fact]
    public async Task A_name_that_exists_in_any_set_is_refused_before_anything_runs()
    {
        var sqlServer = MigrationSet.All.Single(s => s.Provider == DatabaseProvider.SqlServer);
        File.WriteAllText(Path.Combine(sqlServer.Folder(_root), "20261201000000_AddAccountNickname.cs"), "// already there");
        var dotnet = new ScriptedDotnet(_root);

        var refused = await Assert.ThrowsAsync<DatabaseCommandException>(() =>
            new MigrationRevision(dotnet, TextWriter.Null).AddAsync("Add account-nickname", _root, CancellationToken.None));

        Assert.Contains("AddAccountNickname already exists in src/Infrastructure.SqlServer/Migrations", refused.Message);
        Assert.Empty(dotnet.Calls);
    }

    [Fact]
    public async Task A_failed_build_is_one_line_and_generates_nothing()
    {
        var dotnet = new FailingBuild();
        var refused = await Assert.ThrowsAsync<DatabaseCommandException>(() =>
            new MigrationRevision(dotnet, TextWriter.Null).AddAsync("add x", _root, CancellationToken.None));
        Assert.Equal("Could not build src/Infrastructure: src/Domain/User.cs(3,1): error CS1002: ; expected", refused.Message);
        Assert.DoesNotContain(dotnet.Calls, c => c.Contains("ef"));
    }

    private sealed class FailingBuild : IProcessRunner
    {
        public List<string[]> Calls { get; } = [];

        public Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
        {
            Calls.Add([.. arguments]);
            return Task.FromResult(arguments[0] == "build" ? (1, "src/Domain/User.cs(3,1): error CS1002: ; expected\n") : (0, ""));
        }
    }

    [Theory]
    [InlineData("add account nickname", "AddAccountNickname")]
    [InlineData("Add account-nickname", "AddAccountNickname")]
    [InlineData("  kinds, currencies & edits ", "KindsCurrenciesEdits")]
    [InlineData("v2 of the goals", "V2OfTheGoals")]
    public void The_message_becomes_a_class_name(string message, string name) => Assert.Equal(name, MigrationRevision.NameFor(message));

    [Theory]
    [InlineData("")]
    [InlineData("2nd try")]
    [InlineData("--- !")]
    public void A_message_that_makes_no_class_name_is_refused(string message) =>
        Assert.Throws<DatabaseCommandException>(() => MigrationRevision.NameFor(message));

    [Fact]
    public void Outside_the_source_tree_it_says_where_to_run_it() =>
        Assert.Contains("cd into the repository", Assert.Throws<DatabaseCommandException>(() => MigrationRevision.FindRoot(Path.GetTempPath())).Message);

    private static Dictionary<string, string> Files(string folder) =>
        Directory.EnumerateFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllText);
}
