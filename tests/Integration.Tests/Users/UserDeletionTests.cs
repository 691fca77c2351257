using System.Net;
using System.Net.Http.Json;
using System.Text;
using FinInfra.Application.BankSync;
using FinInfra.Infrastructure.BankSync;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Documents;
using FinInfra.Integration.Tests.BankSync;
using FinInfra.Integration.Tests.Documents;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Users;

/// <summary>
/// Deleting a user deletes everything of theirs: provider items are revoked first (a failed revocation is retried by
/// the revocation worker and never blocks the deletion), the rows go in one commit, and the files once it committed.
/// Deleted documents' files are purged after the configured retention.
/// </summary>
public sealed class UserDeletionTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"fininfra-deletion-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private IEnumerable<string> StoredFiles() =>
        Directory.Exists(_root) ? Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Where(f => !f.Contains(".staging", StringComparison.Ordinal)) : [];

    private Task<ApiFactory> ApiAsync(DatabaseProvider provider, ScriptedBankProvider bank, int retentionDays = 30) =>
        ApiFactory.CreateAsync(provider, new Dictionary<string, string?>
        {
            ["Documents:StorageRoot"] = _root + Path.DirectorySeparatorChar,
            ["Documents:Purge:RetentionDays"] = retentionDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, services => SyncHarness.UseProvider(services, bank));

    private static async Task<Guid> LinkAsync(ApiUser user)
    {
        var created = await user.Client.PostAsJsonAsync("/api/v1/bank-connections", new { provider = "plaid", publicToken = "public-token" }, Json);
        return (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private static async Task UploadAsync(ApiUser user, string text) =>
        await (await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload(Encoding.UTF8.GetBytes(text), "notes.txt", "text/plain"))).ReadJsonAsync(HttpStatusCode.Created);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deleting_a_user_revokes_their_items_and_removes_their_rows_and_files_but_nobody_elses(DatabaseProvider provider)
    {
        var bank = new ScriptedBankProvider();
        var revoked = 0;
        bank.WhileRemoving = () => { Interlocked.Increment(ref revoked); return Task.CompletedTask; };
        await using var api = await ApiAsync(provider, bank);
        var user = await api.CreateUserAsync();
        var other = await api.CreateUserAsync();
        await LinkAsync(user);
        await LinkAsync(user);
        await UploadAsync(user, "mine");
        await UploadAsync(other, "theirs");
        var otherFiles = StoredFiles().Where(f => f.Contains(other.Id.ToString("N"), StringComparison.Ordinal)).ToList();

        await EnsureStatusAsync(await user.Client.DeleteAsync("/api/v1/users/me"), HttpStatusCode.NoContent);

        Assert.Equal(2, revoked);
        Assert.Equal(otherFiles, StoredFiles().ToList());
        await using var db = api.Database.CreateContext(systemScope: true);
        Assert.False(await db.Users.AnyAsync(u => u.Id == user.Id));
        Assert.Empty(await RowsLeftAsync(db, user.Id));
        Assert.NotEmpty(await RowsLeftAsync(db, other.Id));
        Assert.Equal(0, await db.ProviderRevocations.CountAsync());
        Assert.Equal(1, await db.Documents.IgnoreQueryFilters().CountAsync(d => d.UserId == other.Id));
    }

    /// <summary>Every table with a user_id column (found from the model, so a new table is covered): those still holding rows of the user.</summary>
    private static async Task<List<string>> RowsLeftAsync(FinInfra.Infrastructure.Persistence.AppDbContext db, Guid userId)
    {
        var tables = db.Model.GetEntityTypes().Where(t => t.FindProperty("UserId") is not null).Select(t => t.GetTableName()!).Distinct().ToList();
        Assert.Contains("refresh_tokens", tables);
        var left = new List<string>();
        foreach (var table in tables)
        {
            var column = db.Model.GetEntityTypes().First(t => t.GetTableName() == table).FindProperty("UserId")!.GetColumnName();
#pragma warning disable EF1002 // table and column names come from the model, the id is a parameter
            var count = await db.Database.SqlQueryRaw<int>($"SELECT COUNT(*) AS \"Value\" FROM {table} WHERE {column} = {{0}}", userId).SingleAsync();
#pragma warning restore EF1002
            if (count > 0) left.Add($"{table}: {count}");
        }
        return left;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_revocation_the_provider_refuses_does_not_block_the_deletion_and_is_retried_until_it_succeeds(DatabaseProvider provider)
    {
        var bank = new ScriptedBankProvider();
        var providerDown = true;
        var tokensSeen = new List<string>();
        await using var api = await ApiAsync(provider, bank);
        bank.WhileRemoving = () => providerDown
            ? throw new BankProviderException(ProviderFailure.Unavailable, "The provider is unavailable.")
            : Task.CompletedTask;
        var user = await api.CreateUserAsync();
        await LinkAsync(user);

        await EnsureStatusAsync(await user.Client.DeleteAsync("/api/v1/users/me"), HttpStatusCode.NoContent);

        await using (var db = api.Database.CreateContext(systemScope: true))
        {
            Assert.False(await db.Users.AnyAsync(u => u.Id == user.Id));
            var pending = await db.ProviderRevocations.AsNoTracking().SingleAsync();
            Assert.Equal((1, api.Clock.GetUtcNow().AddMinutes(1)), (pending.Attempts, pending.NextAttemptAt));
            Assert.DoesNotContain(ScriptedBankProvider.AccessToken, pending.AccessToken.StoredValue, StringComparison.Ordinal);
            Assert.DoesNotContain(ScriptedBankProvider.AccessToken, pending.LastError ?? "", StringComparison.Ordinal);
        }
        var worker = api.Services.GetRequiredService<ProviderRevocationWorker>();

        // Not due yet: nothing is tried.
        Assert.Equal(0, await worker.RunOnceAsync(CancellationToken.None));

        // Due, provider still down: one more failure, and the next try waits twice as long.
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await worker.RunOnceAsync(CancellationToken.None));
        await using (var db = api.Database.CreateContext(systemScope: true))
        {
            var pending = await db.ProviderRevocations.AsNoTracking().SingleAsync();
            Assert.Equal((2, api.Clock.GetUtcNow().AddMinutes(2)), (pending.Attempts, pending.NextAttemptAt));
        }

        // The provider is back: revoked, and the last copy of the token is gone.
        providerDown = false;
        api.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await worker.RunOnceAsync(CancellationToken.None));
        await using (var db = api.Database.CreateContext(systemScope: true))
            Assert.Equal(0, await db.ProviderRevocations.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_workers_racing_for_one_revocation_call_the_provider_once(DatabaseProvider provider)
    {
        var bank = new ScriptedBankProvider();
        var providerDown = true;
        var calls = 0;
        await using var api = await ApiAsync(provider, bank);
        var user = await api.CreateUserAsync();
        await LinkAsync(user);
        bank.WhileRemoving = async () =>
        {
            if (providerDown) throw new BankProviderException(ProviderFailure.Unavailable, "The provider is unavailable.");
            Interlocked.Increment(ref calls);
            await Task.Delay(200);
        };
        await EnsureStatusAsync(await user.Client.DeleteAsync("/api/v1/users/me"), HttpStatusCode.NoContent);
        providerDown = false;
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        var worker = api.Services.GetRequiredService<ProviderRevocationWorker>();

        var rounds = await Task.WhenAll(Task.Run(() => worker.RunOnceAsync(CancellationToken.None)), Task.Run(() => worker.RunOnceAsync(CancellationToken.None)));

        Assert.Equal((1, 1), (calls, rounds.Sum()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_deleted_documents_file_is_kept_for_the_retention_period_then_purged_with_its_row(DatabaseProvider provider)
    {
        await using var api = await ApiAsync(provider, new ScriptedBankProvider(), retentionDays: 7);
        var user = await api.CreateUserAsync();
        await UploadAsync(user, "kept");
        var doomed = await (await user.Client.PostAsync("/api/v1/documents", DocumentFiles.Upload("old"u8.ToArray(), "old.txt", "text/plain"))).ReadJsonAsync(HttpStatusCode.Created);
        var doomedId = doomed.GetProperty("id").GetGuid();
        Assert.Equal(2, StoredFiles().Count());
        await EnsureStatusAsync(await user.Client.DeleteAsync($"/api/v1/documents/{doomedId}"), HttpStatusCode.NoContent);
        var purge = api.Services.GetRequiredService<DeletedDocumentPurge>();

        api.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await purge.RunOnceAsync(CancellationToken.None));
        Assert.Equal(2, StoredFiles().Count());

        api.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await purge.RunOnceAsync(CancellationToken.None));

        Assert.Single(StoredFiles());
        await using var db = api.Database.CreateContext(systemScope: true);
        Assert.False(await db.Documents.IgnoreQueryFilters().AnyAsync(d => d.Id == doomedId));
        Assert.Equal(1, await db.Documents.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_purge_sweeps_files_a_deleted_user_left_behind(DatabaseProvider provider)
    {
        await using var api = await ApiAsync(provider, new ScriptedBankProvider());
        var user = await api.CreateUserAsync();
        var other = await api.CreateUserAsync();
        await UploadAsync(user, "mine");
        await UploadAsync(other, "theirs");
        // As if the service stopped between the deletion's commit and the removal of the files.
        await using (var db = api.Database.CreateContext(systemScope: true))
            await db.Users.Where(u => u.Id == user.Id).ExecuteDeleteAsync();
        Assert.Equal(2, StoredFiles().Count());

        Assert.Equal(1, await api.Services.GetRequiredService<DeletedDocumentPurge>().RunOnceAsync(CancellationToken.None));

        Assert.Contains(other.Id.ToString("N"), Assert.Single(StoredFiles()), StringComparison.Ordinal);
    }
}
