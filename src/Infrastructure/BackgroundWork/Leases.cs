using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace FinInfra.Infrastructure.BackgroundWork;

/// <summary>
/// How background workers share rows between instances: a row is claimed by one conditional UPDATE that sets its
/// lease column to <c>now + lease</c> only where the lease is free (null or expired). The database lets exactly one
/// of several racing instances match that condition, so each row is worked on by one instance per lease, and a
/// crashed instance's claims expire by themselves. Used by the bank sync scheduler, the document extraction worker and the provider revocation worker.
/// </summary>
public static class Leases
{
    /// <summary>The rows of <paramref name="rows"/> whose lease is free at <paramref name="now"/>.</summary>
    public static IQueryable<T> WhereLeaseFree<T>(this IQueryable<T> rows, Expression<Func<T, DateTimeOffset?>> lease, DateTimeOffset now)
    {
        var at = new Instant(now);
        var row = lease.Parameters[0];
        var nowValue = Expression.Convert(Expression.Property(Expression.Constant(at), nameof(Instant.Value)), typeof(DateTimeOffset?));
        var free = Expression.OrElse(
            Expression.Equal(lease.Body, Expression.Constant(null, typeof(DateTimeOffset?))),
            Expression.LessThan(lease.Body, nowValue));
        return rows.Where(Expression.Lambda<Func<T, bool>>(free, row));
    }

    /// <summary>
    /// True when this caller won the row: <paramref name="candidate"/> (the one row, with whatever "still due" condition
    /// the caller repeats) had a free lease, which now holds until <paramref name="until"/>. <paramref name="alsoSet"/>
    /// adds columns to the same UPDATE (an attempt counter).
    /// </summary>
    public static async Task<bool> TryClaimAsync<T>(IQueryable<T> candidate, Expression<Func<T, DateTimeOffset?>> lease, DateTimeOffset now, DateTimeOffset until,
        CancellationToken cancellationToken, Action<UpdateSettersBuilder<T>>? alsoSet = null) where T : class
    {
        var claimed = await candidate.WhereLeaseFree(lease, now).ExecuteUpdateAsync(s =>
        {
            s.SetProperty(lease, (DateTimeOffset?)until);
            alsoSet?.Invoke(s);
        }, cancellationToken);
        return claimed == 1;
    }

    /// <summary>
    /// The same claim for a row whose lease is its due time (a retry queue): the caller wins the row when it is still
    /// due at <paramref name="now"/>, and its due time moves to <paramref name="until"/>, so no other instance takes it
    /// meanwhile, and a crashed instance's claim comes due again by itself.
    /// </summary>
    public static async Task<bool> TryClaimDueAsync<T>(IQueryable<T> candidate, Expression<Func<T, DateTimeOffset>> dueAt, DateTimeOffset now, DateTimeOffset until,
        CancellationToken cancellationToken) where T : class
    {
        var at = new Instant(now);
        var row = dueAt.Parameters[0];
        var due = Expression.LessThanOrEqual(dueAt.Body, Expression.Property(Expression.Constant(at), nameof(Instant.Value)));
        var claimed = await candidate.Where(Expression.Lambda<Func<T, bool>>(due, row))
            .ExecuteUpdateAsync(s => s.SetProperty(dueAt, until), cancellationToken);
        return claimed == 1;
    }

    /// <summary>Frees the lease of the rows in <paramref name="rows"/>.</summary>
    public static Task ReleaseAsync<T>(IQueryable<T> rows, Expression<Func<T, DateTimeOffset?>> lease, CancellationToken cancellationToken) where T : class =>
        rows.ExecuteUpdateAsync(s => s.SetProperty(lease, (DateTimeOffset?)null), cancellationToken);

    /// <summary>Holds "now" so the query sends it as a parameter (one cached plan) rather than inlining a literal.</summary>
    private sealed record Instant(DateTimeOffset Value);
}
