using Ardalis.Specification;
using FinInfra.Domain.Accounts;
using FinInfra.Domain.Goals;
using FinInfra.Domain.Transactions;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Infrastructure.Persistence;
using FinInfra.Infrastructure.Persistence.Repositories;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FinInfra.Integration.Tests.Persistence;

/// <summary>EfRepository evaluating Ardalis specifications on the real engines, and the unit of work's transaction.</summary>
public sealed class RepositoryAndUnitOfWorkTests
{
    private sealed class TransactionsByCategorySpec : Specification<Transaction>
    {
        public TransactionsByCategorySpec(string category, int skip, int take) =>
            Query.Where(t => t.Category == category).OrderBy(t => t.TransactionId).Skip(skip).Take(take).AsNoTracking();
    }

    private sealed class AccountNamesSpec : Specification<Account, string>
    {
        public AccountNamesSpec(bool includeDeleted)
        {
            Query.OrderBy(a => a.Name);
            if (includeDeleted) Query.IgnoreQueryFilters();
            Query.Select(a => a.Name);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Specifications_filter_order_page_and_stay_within_the_owner(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var ada = await PersistenceTestData.SeedAsync(database, "ada@example.com");
        await PersistenceTestData.SeedAsync(database, "bob@example.com");
        await using (var db = database.CreateContext(userId: ada.User.Id))
        {
            for (var i = 0; i < 5; i++)
                db.Add(Transaction.Record(ada.User.Id, ada.Checking.Id, $"food-{i}", -i - 1m, new DateOnly(2026, 3, 1), "Lunch", null, "Food", false));
            await db.SaveChangesAsync();
        }

        await using var context = database.CreateContext(userId: ada.User.Id);
        var repository = new EfReadRepository<Transaction>(context);
        var page = await repository.ListAsync(new TransactionsByCategorySpec("Food", skip: 1, take: 3));
        Assert.Equal(["food-1", "food-2", "food-3"], page.Select(t => t.TransactionId));
        Assert.Equal(6, await repository.CountAsync(new TransactionsByCategorySpec("Food", 0, 100)));
        Assert.False(await repository.AnyAsync(new TransactionsByCategorySpec("Rent", 0, 1)));
        Assert.Equal(8, await repository.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deleting_through_the_repository_soft_deletes_and_IgnoreQueryFilters_lifts_only_soft_delete(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var ada = await PersistenceTestData.SeedAsync(database, "ada@example.com");
        await PersistenceTestData.SeedAsync(database, "bob@example.com");

        await using var context = database.CreateContext(userId: ada.User.Id);
        var accounts = new EfRepository<Account>(context, TimeProvider.System);
        accounts.Delete((await accounts.GetByIdAsync(ada.Card.Id))!);
        await new UnitOfWork(context).ExecuteAsync(_ => Task.FromResult(0));

        Assert.Equal(["Checking"], await accounts.ListAsync(new AccountNamesSpec(includeDeleted: false)));
        Assert.Equal(["Card", "Checking"], await accounts.ListAsync(new AccountNamesSpec(includeDeleted: true)));
        Assert.Null(await accounts.GetByIdAsync(ada.Card.Id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_unit_of_work_commits_all_or_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var ada = await PersistenceTestData.SeedAsync(database, "ada@example.com");
        Goal NewGoal(string name) => Goal.Create(ada.User.Id, name, 10m, 0m, new DateOnly(2027, 1, 1), GoalPriority.Low);

        await using (var db = database.CreateContext(userId: ada.User.Id))
        {
            var unitOfWork = new UnitOfWork(db);
            await Assert.ThrowsAsync<InvalidOperationException>(() => unitOfWork.ExecuteInTransactionAsync<int>(async ct =>
            {
                db.Add(NewGoal("saved early"));
                await db.SaveChangesAsync(ct);
                db.Add(NewGoal("never saved"));
                throw new InvalidOperationException("the use case failed");
            }));
            Assert.Empty(db.ChangeTracker.Entries());

            await unitOfWork.ExecuteInTransactionAsync(async ct =>
            {
                db.Add(NewGoal("outer"));
                // A nested call joins the outer transaction instead of committing on its own.
                return await unitOfWork.ExecuteInTransactionAsync(_ => Task.FromResult(db.Add(NewGoal("inner"))), ct);
            });
        }

        await using var check = database.CreateContext(userId: ada.User.Id);
        Assert.Equal(["Holiday", "inner", "outer"], (await check.Goals.Select(g => g.Name).ToListAsync()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Work_after_the_commit_runs_only_once_the_changes_are_stored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var ada = await PersistenceTestData.SeedAsync(database, "ada@example.com");
        Goal NewGoal(string name) => Goal.Create(ada.User.Id, name, 10m, 0m, new DateOnly(2027, 1, 1), GoalPriority.Low);
        var ran = new List<string>();
        await using var db = database.CreateContext(userId: ada.User.Id);
        var unitOfWork = new UnitOfWork(db);

        await Assert.ThrowsAsync<InvalidOperationException>(() => unitOfWork.ExecuteInTransactionAsync<int>(_ =>
        {
            db.Add(NewGoal("failed"));
            unitOfWork.AfterCommit(_ => { ran.Add("after a failure"); return Task.CompletedTask; });
            throw new InvalidOperationException("the use case failed");
        }));
        await unitOfWork.ExecuteAsync(async _ =>
        {
            db.Add(NewGoal("stored"));
            unitOfWork.AfterCommit(async ct =>
            {
                await using var check = database.CreateContext(userId: ada.User.Id);
                ran.Add($"stored is there: {await check.Goals.AnyAsync(g => g.Name == "stored", ct)}");
            });
            unitOfWork.AfterCommit(_ => throw new IOException("a failure after the commit is logged, not thrown"));
            return 0;
        });
        await unitOfWork.ExecuteInTransactionAsync(_ => { unitOfWork.AfterCommit(_ => { ran.Add("after a commit"); return Task.CompletedTask; }); return Task.FromResult(0); });

        Assert.Equal(["stored is there: True", "after a commit"], ran);
    }
}
