using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FinInfra.Integration.Tests.Api;
using FinInfra.Integration.Tests.BankSync;
using FinInfra.Infrastructure.BankProviders.Sandbox;
using FinInfra.Integration.Tests.Infrastructure;
using Xunit.Abstractions;
using static FinInfra.Integration.Tests.Api.ApiScenario;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Deployment;

/// <summary>
/// Issue 10's "two instances on one database", end to end: two real service processes (the built FinInfra.Api.dll, in
/// Production mode) on one PostgreSQL database, with requests for the same thing sent to both at once. What
/// docs/scaling.md claims holds across instances is checked here in the database itself: bank syncs (asked for and
/// scheduled), overlapping imports, goal contributions and idempotency keys happen exactly once; the login allowance is
/// per instance, as documented; a session ended on one instance is refused by the other within the stamp cache's window.
/// </summary>
public sealed class TwoInstanceTests(TwoInstanceTests.SharedPair shared, ITestOutputHelper output) : IClassFixture<TwoInstanceTests.SharedPair>
{
    /// <summary>The login allowance per client network and instance, small so the test can spend it.</summary>
    private const int PermitLimit = 2;

    /// <summary>How long each instance trusts a user's security stamp it has read (Jwt:SecurityStampCacheSeconds).</summary>
    private static readonly TimeSpan StampCache = TimeSpan.FromSeconds(1);

    /// <summary>
    /// One pair for every test here, as production would run them (started once: each start is seconds of JIT). The
    /// bank-sync scheduler runs on both, every 200 ms; a connection it synced is not due again for an hour, so a
    /// second sync of it in one round could only come from a lost claim.
    /// </summary>
    public sealed class SharedPair : IAsyncLifetime
    {
        public ServicePair Pair { get; private set; } = null!;

        /// <summary>
        /// The user of every test that does not end its sessions: each registration and sign-in is a 600,000-round hash,
        /// the service's real cost, and a test that signs in again and again spends most of its time there.
        /// </summary>
        public PairUser User { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Pair = await StartPairAsync();
            try
            {
                User = await Pair.CreateUserAsync();
            }
            catch (Exception exception)
            {
                var logs = Pair.Output;
                await Pair.DisposeAsync();
                throw new InvalidOperationException($"The pair started but registering a user failed: {exception.Message}\n{logs}", exception);
            }
        }

        private static Task<ServicePair> StartPairAsync() => ServicePair.StartAsync(new Dictionary<string, string>
        {
            ["BankProviders:Sandbox:Enabled"] = "true",
            ["BankSync:Scheduler:Enabled"] = "true",
            ["BankSync:Scheduler:Interval"] = "00:00:00.200",
            ["BankSync:Scheduler:MaxAge"] = "01:00:00",
            // Each sync says so at Information: the count of those lines is the count of syncs that ran.
            ["Logging:LogLevel:FinInfra.Application.BankSync.SyncConnection.BankConnectionSynchronizer"] = "Information",
            ["RateLimiting:Auth:PermitLimit"] = PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Jwt:SecurityStampCacheSeconds"] = ((int)StampCache.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        public async Task DisposeAsync() => await Pair.DisposeAsync();
    }

    private ServicePair Pair => shared.Pair;

    /// <summary>Runs the test body; when it fails, both instances' output goes to the test's output.</summary>
    private async Task WithOutputOnFailureAsync(ServicePair pair, Func<Task> body)
    {
        output.WriteLine($"the pair was ready {pair.StartedIn.TotalSeconds:0.0} s after it was first asked for");
        try
        {
            await body();
        }
        catch
        {
            output.WriteLine(pair.Output);
            throw;
        }
    }

    /// <summary>Sends every request at once (after all are ready), each to the instance <paramref name="send"/> picks by index.</summary>
    private static async Task<HttpResponseMessage[]> AllAtOnceAsync(int count, Func<int, Task<HttpResponseMessage>> send)
    {
        using var start = new SemaphoreSlim(0);
        var requests = Enumerable.Range(0, count).Select(async i =>
        {
            await start.WaitAsync();
            return await send(i);
        }).ToList();
        start.Release(count);
        return await Task.WhenAll(requests);
    }

    /// <summary>The connection's stored transactions: rows, distinct provider ids, and the sum of their amounts.</summary>
    private static async Task<(long Rows, long DistinctIds, decimal Sum)> ConnectionTransactionsAsync(ServicePair pair, Guid connectionId)
    {
        var row = (await pair.QueryAsync(
            "SELECT count(*), count(DISTINCT t.transaction_id), coalesce(sum(t.amount), 0) FROM transactions t JOIN accounts a ON a.id = t.account_id WHERE a.connection_id = @c",
            ("c", connectionId))).Single();
        return ((long)row[0]!, (long)row[1]!, (decimal)row[2]!);
    }

    /// <summary>The sandbox cursor's generation: how many syncs have been applied to the connection.</summary>
    private static async Task<int> GenerationAsync(ServicePair pair, Guid connectionId)
    {
        var cursor = (string?)(await pair.QueryAsync("SELECT sync_cursor FROM bank_connections WHERE id = @c", ("c", connectionId))).Single()[0];
        return cursor is null ? 0 : int.Parse(cursor.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until each connection's generation has reached <paramref name="generation"/>; returns how long that took.</summary>
    private static async Task<TimeSpan> GenerationReachedAsync(ServicePair pair, IReadOnlyList<Guid> connections, int generation)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var generations = await Task.WhenAll(connections.Select(id => GenerationAsync(pair, id)));
            if (generations.All(g => g >= generation)) return watch.Elapsed;
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"after 20 s the generations are {string.Join(", ", generations)}, not yet {generation}");
            await Task.Delay(100);
        }
    }

    private static async Task<Guid> ConnectSandboxAsync(ApiUser user) =>
        (await user.PostAsync("/api/v1/bank-connections", new { provider = "sandbox", publicToken = SandboxBankProvider.GoodToken })).Id();

    [Fact]
    public async Task Concurrent_syncs_of_one_connection_sent_to_both_instances_never_duplicate_or_lose_a_row() => await WithOutputOnFailureAsync(Pair, async () =>
    {
        var user = shared.User;
        var connection = await ConnectSandboxAsync(user.OnA);
        // The scheduler syncs a new connection first; after that it leaves it alone for an hour (MaxAge).
        await GenerationReachedAsync(Pair, [connection], 1);

        var added = SandboxSyncTests.ScriptState[1].Added;
        var removed = SandboxSyncTests.ScriptState[1].Removed;
        for (var round = 0; round < 2; round++)
        {
            var answers = await AllAtOnceAsync(4, i => user.On(i).Client.PostAsync($"/api/v1/bank-connections/{connection}/sync", null));
            foreach (var answer in answers)
            {
                var result = await answer.ReadJsonAsync();
                added += result.GetProperty("added").GetInt32();
                removed += result.GetProperty("removed").GetInt32();
                Assert.Equal(6, result.GetProperty("accounts").GetInt32());
            }

            // As in SandboxSyncTests, across processes: a racer that pulled before another committed is dropped, one
            // that started after continues from the stored cursor. The rows are exactly the script's state at the
            // stored cursor, and the reported changes add up to the script's changes up to there.
            var generation = await GenerationAsync(Pair, connection);
            var (rows, sum, addedSoFar, removedSoFar) = SandboxSyncTests.ScriptState[generation];
            var stored = await ConnectionTransactionsAsync(Pair, connection);
            Assert.Equal((rows, rows, sum), stored);
            Assert.Equal(addedSoFar, added);
            Assert.Equal(removedSoFar, removed);
            Assert.Equal(6L, (await Pair.QueryAsync("SELECT count(*) FROM accounts WHERE connection_id = @c", ("c", connection))).Single()[0]);
            output.WriteLine($"round {round}: generation {generation}, {rows} rows");
        }
    });

    [Fact]
    public async Task Overlapping_streaming_imports_sent_to_both_instances_all_succeed_without_duplicates() => await WithOutputOnFailureAsync(Pair, async () =>
    {
        var user = shared.User;
        var account = (await user.OnA.CreateAccountAsync()).Id();
        // Batch k holds ids k*100 … k*100+399: each overlaps the next three, odd batches in reverse order.
        var files = Enumerable.Range(0, 6).Select(k =>
        {
            var ids = Enumerable.Range(k * 100, 400).Select(i => Txn($"pair-{i:D5}", -1m - i % 50 - 0.25m, $"2026-07-{i % 28 + 1:D2}", $"Row {i}"));
            return string.Join("\n", (k % 2 == 1 ? ids.Reverse() : ids).Select(r => JsonSerializer.Serialize(r, Json))) + "\n";
        }).ToList();
        const int distinctRows = 500 + 400;

        Task<HttpResponseMessage> Import(int k)
        {
            var content = new StringContent(files[k], Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson") { CharSet = "utf-8" };
            return user.On(k).Client.PostAsync($"/api/v1/accounts/{account}/transactions/import", content);
        }

        for (var pass = 0; pass < 2; pass++)
        {
            var answers = await AllAtOnceAsync(files.Count, Import);
            var inserted = 0;
            foreach (var answer in answers) inserted += (await answer.ReadJsonAsync()).GetProperty("inserted").GetInt32();
            // The first pass inserts each row once between them; the second, the same files again, inserts nothing.
            Assert.Equal(pass == 0 ? distinctRows : 0, inserted);
            var stored = (await Pair.QueryAsync("SELECT count(*), count(DISTINCT transaction_id) FROM transactions WHERE account_id = @a", ("a", account))).Single();
            Assert.Equal(distinctRows, (long)stored[0]!);
            Assert.Equal(distinctRows, (long)stored[1]!);
        }
    });

    [Fact]
    public async Task Contributions_to_one_goal_split_over_both_instances_sum_exactly() => await WithOutputOnFailureAsync(Pair, async () =>
    {
        var user = shared.User;
        var goal = (await user.OnA.CreateGoalAsync(target: 1_000_000m)).Id();
        var amounts = Enumerable.Range(1, 20).Select(i => i + i / 100m + 0.0001m).ToList();

        var answers = await AllAtOnceAsync(amounts.Count, i => user.On(i).Client.PostAsJsonAsync($"/api/v1/goals/{goal}/contributions", new { amount = amounts[i] }, Json));

        foreach (var answer in answers) await EnsureStatusAsync(answer, HttpStatusCode.OK);
        Assert.Equal(amounts.Sum(), (await user.OnB.GetJsonAsync($"/api/v1/goals/{goal}")).GetProperty("currentAmount").GetDecimal());
        Assert.Equal(amounts.Sum(), (decimal)(await Pair.QueryAsync("SELECT current_amount FROM goals WHERE id = @g", ("g", goal))).Single()[0]!);
    });

    [Fact]
    public async Task One_idempotency_key_sent_to_both_instances_at_once_adds_the_money_once_and_every_answer_is_the_same() => await WithOutputOnFailureAsync(Pair, async () =>
    {
        var user = shared.User;
        var goal = (await user.OnA.CreateGoalAsync(target: 1_000m)).Id();
        var key = $"pair-contribution-{Guid.NewGuid():N}";

        Task<HttpResponseMessage> Contribute(int i)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/goals/{goal}/contributions") { Content = new StringContent("""{"amount":40.25}""", Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", key);
            return user.On(i).Client.SendAsync(request);
        }

        var answers = await AllAtOnceAsync(6, Contribute);

        // One request did the work; the others waited for it and replayed its answer (or, past the wait, were told
        // 409 idempotency.in_progress, the documented answer while the first still runs).
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var succeeded = answers.Where(a => a.StatusCode == HttpStatusCode.OK).ToList();
        Assert.Single(succeeded, a => !a.Headers.Contains("Idempotent-Replayed"));
        var bodies = await Task.WhenAll(succeeded.Select(a => a.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        Assert.Equal(40.25m, (decimal)(await Pair.QueryAsync("SELECT current_amount FROM goals WHERE id = @g", ("g", goal))).Single()[0]!);
        var stored = await Pair.QueryAsync("SELECT response_status FROM idempotency_keys WHERE user_id = @u AND key = @k", ("u", user.Id), ("k", key));
        Assert.Equal(200, (int)Assert.Single(stored)[0]!);

        // A later retry, on either instance, replays the same answer.
        foreach (var i in new[] { 0, 1 })
        {
            var replay = await Contribute(i);
            await EnsureStatusAsync(replay, HttpStatusCode.OK);
            Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
            Assert.Equal(bodies[0], await replay.Content.ReadAsStringAsync());
        }
        Assert.Equal(40.25m, (await user.OnB.GetJsonAsync($"/api/v1/goals/{goal}")).GetProperty("currentAmount").GetDecimal());
        // The losers' inserts were skipped by the unique key, not failed: neither instance logged an error for them.
        Assert.Equal(0, Pair.Instances.Sum(instance => instance.CountLines("idempotency_keys")));
        output.WriteLine($"answers: {string.Join(", ", answers.Select(a => $"{(int)a.StatusCode}{(a.Headers.Contains("Idempotent-Replayed") ? " replayed" : "")}"))}");
    });

    [Fact]
    public async Task The_login_allowance_is_per_instance_as_documented() => await WithOutputOnFailureAsync(Pair, async () =>
    {
        var user = shared.User;
        // One client network, spending its allowance on A, then on B (docs/scaling.md: per instance, in memory).
        var client = ServicePair.NewClientAddress();

        async Task<HttpStatusCode> LoginAsync(ServiceProcess instance)
        {
            using var http = instance.CreateClient(client);
            var answer = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password }, Json);
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await AssertProblemAsync(answer, HttpStatusCode.TooManyRequests);
                Assert.NotNull(answer.Headers.RetryAfter);
            }
            return answer.StatusCode;
        }

        foreach (var instance in Pair.Instances)
        {
            for (var attempt = 0; attempt < PermitLimit; attempt++) Assert.Equal(HttpStatusCode.OK, await LoginAsync(instance));
            Assert.Equal(HttpStatusCode.TooManyRequests, await LoginAsync(instance));
        }
        // Spent on both: the client got twice the per-instance allowance, and each instance now refuses it.
        Assert.Equal(HttpStatusCode.TooManyRequests, await LoginAsync(Pair.A));
    });

    /// <summary>Polls the user's instance with their token until it is refused; returns how long that took.</summary>
    private static async Task<TimeSpan> RefusedWithinAsync(ApiUser user, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var answer = await user.Client.GetAsync("/api/v1/users/me");
            if (answer.StatusCode == HttpStatusCode.Unauthorized) return watch.Elapsed;
            await EnsureStatusAsync(answer, HttpStatusCode.OK);
            Assert.True(watch.Elapsed < limit, $"the ended session was still accepted after {watch.Elapsed.TotalMilliseconds:0} ms");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_logout_on_one_instance_is_honoured_by_the_other_within_the_stamp_cache_window() => await WithOutputOnFailureAsync(Pair, async () =>
    {
        var user = await Pair.CreateUserAsync();
        // B has read and cached the user's stamp.
        await user.OnB.GetJsonAsync("/api/v1/users/me");

        await EnsureStatusAsync(await user.OnA.Client.PostAsync("/api/v1/auth/logout", null), HttpStatusCode.NoContent);

        // A forgot the stamp at once; B refuses the token once its cached stamp expires (a little slack for the load).
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.OnA.Client.GetAsync("/api/v1/users/me")).StatusCode);
        var onB = await RefusedWithinAsync(user.OnB, StampCache + TimeSpan.FromSeconds(2));
        output.WriteLine($"instance b refused the logged-out token after {onB.TotalMilliseconds:0} ms");
    });

    [Fact]
    public async Task A_password_change_on_one_instance_is_honoured_by_the_other_within_the_stamp_cache_window() => await WithOutputOnFailureAsync(Pair, async () =>
    {
        var user = await Pair.CreateUserAsync();
        await user.OnB.GetJsonAsync("/api/v1/users/me");
        const string newPassword = "a different horse battery staple";

        await EnsureStatusAsync(await user.OnA.Client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = user.Password, newPassword }, Json), HttpStatusCode.NoContent);

        Assert.Equal(HttpStatusCode.Unauthorized, (await user.OnA.Client.GetAsync("/api/v1/users/me")).StatusCode);
        var onB = await RefusedWithinAsync(user.OnB, StampCache + TimeSpan.FromSeconds(2));
        output.WriteLine($"instance b refused the old token after {onB.TotalMilliseconds:0} ms");

        // The new password signs in on B, and its token works on A.
        var token = await ServicePair.LoginAsync(Pair.B, user.ClientAddress, user.Email, newPassword);
        using var onA = Pair.A.CreateClient(user.ClientAddress, token);
        await (await onA.GetAsync("/api/v1/users/me")).ReadJsonAsync();
    });

    [Fact]
    public async Task Scheduled_syncs_on_both_instances_sync_each_connection_once_per_round()
    {
        const int connections = 6;
        await WithOutputOnFailureAsync(Pair, async () =>
        {
            var user = shared.User;
            var ids = new List<Guid>();
            for (var i = 0; i < connections; i++)
                ids.Add(await ConnectSandboxAsync(user.On(i)));

            for (var round = 1; round <= 2; round++)
            {
                if (round > 1)
                    // Every connection falls due again at once, on both instances.
                    await Pair.ExecuteAsync("UPDATE bank_connections SET last_synced_at = last_synced_at - interval '2 hours' WHERE id = ANY(@ids)", ("ids", ids.ToArray()));
                var synced = await GenerationReachedAsync(Pair, ids, round);
                // Both schedulers keep running a round every 200 ms; the next five on each must change nothing.
                await Task.Delay(TimeSpan.FromSeconds(1));

                var (rows, sum, _, _) = SandboxSyncTests.ScriptState[round];
                var perInstance = Pair.Instances.Select(instance => ids.Sum(id => instance.CountLines($"Synced bank connection {id}"))).ToList();
                foreach (var id in ids)
                {
                    Assert.Equal(round, await GenerationAsync(Pair, id));
                    Assert.Equal((rows, rows, sum), await ConnectionTransactionsAsync(Pair, id));
                    Assert.Equal(round, Pair.Instances.Sum(instance => instance.CountLines($"Synced bank connection {id}")));
                    Assert.Equal(0, Pair.Instances.Sum(instance => instance.CountLines($"Sync of bank connection {id} was overtaken")));
                }
                // Every claim was released when its sync ended.
                Assert.Equal(0L, (await Pair.QueryAsync("SELECT count(*) FROM bank_connections WHERE id = ANY(@ids) AND sync_lease_until > now()", ("ids", ids.ToArray()))).Single()[0]);
                output.WriteLine($"round {round}: all {connections} synced within {synced.TotalMilliseconds:0} ms; syncs so far by instance a, b: {string.Join(", ", perInstance)}");
            }
        });
    }
}
