using FinInfra.Domain.Accounts;
using FinInfra.Domain.BankConnections;
using FinInfra.Domain.Budgets;
using FinInfra.Domain.Common;
using FinInfra.Domain.Documents;
using FinInfra.Domain.ExchangeRates;
using FinInfra.Domain.Goals;
using FinInfra.Domain.NetWorth;
using FinInfra.Domain.Transactions;
using FinInfra.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinInfra.Infrastructure.Persistence.Configurations;

internal static class OwnedRow
{
    /// <summary>user_id → users.id ON DELETE CASCADE: deleting a user removes everything the user owns.</summary>
    public static void BelongsToUser<T>(this EntityTypeBuilder<T> builder) where T : class, IOwnedByUser =>
        builder.HasOne<User>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);

    public static void Versioned<T>(this EntityTypeBuilder<T> builder) where T : class, IVersioned =>
        builder.Property(e => e.Version).IsConcurrencyToken();
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.Property(u => u.Email).HasConversion(e => e.Value, v => Email.Create(v)).HasMaxLength(255);
        builder.HasIndex(u => u.Email).IsUnique().HasDatabaseName("ux_users_email");
        builder.Property(u => u.HashedPassword).HasMaxLength(255);
        builder.Property(u => u.BaseCurrency).HasDefaultValueSql("'USD'").HasSentinel(default(CurrencyCode));
        builder.Property(u => u.SecurityStamp).HasMaxLength(User.SecurityStampLength);
    }
}

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> builder)
    {
        builder.ToTable("refresh_tokens");
        builder.BelongsToUser();
        builder.Property(t => t.TokenHash).HasMaxLength(RefreshToken.HashLength);
        builder.HasIndex(t => t.TokenHash).IsUnique().HasDatabaseName("ux_refresh_tokens_token_hash");
        builder.HasIndex(t => t.FamilyId).HasDatabaseName("ix_refresh_tokens_family");
        builder.HasIndex(t => t.UserId).HasDatabaseName("ix_refresh_tokens_user");
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<FinInfra.Infrastructure.Idempotency.IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<FinInfra.Infrastructure.Idempotency.IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_keys");
        builder.BelongsToUser();
        builder.Property(r => r.Key).HasMaxLength(FinInfra.Infrastructure.Idempotency.IdempotencyRecord.KeyMaxLength);
        builder.Property(r => r.RequestFingerprint).HasMaxLength(FinInfra.Infrastructure.Idempotency.IdempotencyRecord.FingerprintLength);
        builder.Property(r => r.ResponseContentType).HasMaxLength(100);
        builder.Property(r => r.ResponseLocation).HasMaxLength(500);
        builder.HasIndex(r => new { r.UserId, r.Key }).IsUnique().HasDatabaseName("ux_idempotency_keys_user_key");
    }
}

internal sealed class BankConnectionConfiguration : IEntityTypeConfiguration<BankConnection>
{
    public void Configure(EntityTypeBuilder<BankConnection> builder)
    {
        builder.ToTable("bank_connections");
        builder.BelongsToUser();
        builder.Versioned();
        builder.Property(c => c.AccessToken)
            .HasConversion(s => s!.StoredValue, v => new EncryptedSecret(v))
            .HasMaxLength(1000);
        builder.Property(c => c.ItemId).HasMaxLength(100);
        builder.Property(c => c.SyncCursor).HasMaxLength(2000);
        builder.Property(c => c.LastError).HasMaxLength(500);
        builder.HasIndex(c => new { c.Provider, c.ItemId }).IsUnique().HasDatabaseName("ux_bank_connections_provider_item");
        builder.HasIndex(c => c.UserId).HasDatabaseName("ix_bank_connections_user");
    }
}

internal sealed class ProviderRevocationConfiguration : IEntityTypeConfiguration<ProviderRevocation>
{
    public void Configure(EntityTypeBuilder<ProviderRevocation> builder)
    {
        builder.ToTable("provider_revocations");
        builder.Property(r => r.AccessToken).HasConversion(s => s.StoredValue, v => new EncryptedSecret(v)).HasMaxLength(1000);
        builder.Property(r => r.ItemId).HasMaxLength(100);
        builder.Property(r => r.LastError).HasMaxLength(500);
        builder.HasIndex(r => r.NextAttemptAt).HasDatabaseName("ix_provider_revocations_next_attempt");
    }
}

internal sealed class ExchangeRateConfiguration : IEntityTypeConfiguration<ExchangeRate>
{
    public void Configure(EntityTypeBuilder<ExchangeRate> builder)
    {
        builder.ToTable("exchange_rates");
        builder.Property(r => r.Rate).HasPrecision(19, ExchangeRate.MaxScale);
        builder.Property(r => r.Source).HasMaxLength(ExchangeRate.SourceMaxLength);
        // One rate per pair, day and source: a re-import replaces it, a manual rate sits beside the ECB's.
        builder.HasIndex(r => new { r.Base, r.Quote, r.Date, r.Source }).IsUnique().HasDatabaseName("ux_exchange_rates_pair_date_source");
        // Conversions read a date window of the pairs that touch the asked currencies.
        builder.HasIndex(r => new { r.Quote, r.Date }).HasDatabaseName("ix_exchange_rates_quote_date");
    }
}

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.ToTable("accounts");
        builder.BelongsToUser();
        builder.Versioned();
        builder.HasOne<BankConnection>().WithMany().HasForeignKey(a => a.ConnectionId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(a => a.AccountId).HasMaxLength(100);
        builder.Property(a => a.Subtype).HasMaxLength(50);
        builder.Property(a => a.Type).HasMaxLength(50);
        builder.Property(a => a.Currency).HasDefaultValueSql("'USD'").HasSentinel(default(CurrencyCode));
        builder.Ignore(a => a.Classification);
        builder.HasIndex(a => new { a.ConnectionId, a.AccountId }).IsUnique().HasDatabaseName("ux_accounts_connection_account");
        builder.HasIndex(a => a.UserId).HasDatabaseName("ix_accounts_user");
    }
}

/// <summary>Columns of <c>transactions</c> the domain does not hold.</summary>
internal static class TransactionColumns
{
    /// <summary>
    /// True while the row's account is soft-deleted: a copy of <c>accounts.deleted_at IS NOT NULL</c> kept by
    /// <see cref="Interceptors.AuditingInterceptor"/> in the same save, so the soft-delete filter is a column test on the
    /// row itself instead of an <c>EXISTS</c> over accounts in every transaction query.
    /// </summary>
    public const string AccountDeleted = "AccountDeleted";
}

internal sealed class AccountValuationConfiguration : IEntityTypeConfiguration<AccountValuation>
{
    public void Configure(EntityTypeBuilder<AccountValuation> builder)
    {
        builder.ToTable("account_valuations");
        builder.BelongsToUser();
        builder.HasOne<Account>().WithMany().HasForeignKey(v => v.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(v => new { v.AccountId, v.Date }).IsUnique().HasDatabaseName("ux_account_valuations_account_date");
        builder.HasIndex(v => v.UserId).HasDatabaseName("ix_account_valuations_user");
    }
}

/// <summary>The stored balance history: one row per account and day, read by (user_id, date) for net worth (ADR 0015).</summary>
internal sealed class AccountBalanceDayConfiguration : IEntityTypeConfiguration<Persistence.History.AccountBalanceDay>
{
    public void Configure(EntityTypeBuilder<Persistence.History.AccountBalanceDay> builder)
    {
        builder.ToTable("account_balance_days");
        builder.HasKey(r => new { r.AccountId, r.Date });
        builder.BelongsToUser();
        builder.HasOne<Account>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.UserId, r.Date }).HasDatabaseName("ix_account_balance_days_user_date");
    }
}

internal sealed class TransactionConfiguration : IEntityTypeConfiguration<Transaction>
{
    public void Configure(EntityTypeBuilder<Transaction> builder)
    {
        builder.ToTable("transactions");
        builder.BelongsToUser();
        builder.HasOne<Account>().WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(t => t.TransactionId).HasMaxLength(100);
        // The defaults exist for rows written outside EF (migrations, bulk paths); EF always sends the value, so an
        // INSERT never has to read a default back (no RETURNING per row).
        builder.Property(t => t.Pending).HasDefaultValue(false).ValueGeneratedNever();
        builder.Property<bool>(TransactionColumns.AccountDeleted).HasColumnName("account_deleted").HasDefaultValue(false).ValueGeneratedNever();
        builder.Property(t => t.EditedFields).HasConversion<int>();
        builder.Property(t => t.Note).HasMaxLength(Transaction.NoteMaxLength);
        builder.Ignore(t => t.Counts);
        builder.Ignore(t => t.IsTransferCandidate);
        builder.HasIndex(t => new { t.UserId, t.CategoryKey }).HasDatabaseName("ix_transactions_user_category_key");
        // The list's order and keyset, newest first: a page is one index range, whatever the depth.
        builder.HasIndex(t => new { t.UserId, t.Date, t.Id }).IsDescending(false, true, true).HasDatabaseName("ix_transactions_user_date_id");
        builder.HasIndex(t => t.AccountId).HasDatabaseName("ix_transactions_account");
        // Transfer matching looks up the user's rows by the exact mirrored amount and a date window: index probes per
        // amount, so an import or a sync costs what it brings, not what the user already holds (TransferMatcher).
        builder.HasIndex(t => new { t.UserId, t.Amount, t.Date }).HasDatabaseName("ix_transactions_user_amount_date");
        builder.HasIndex(t => new { t.AccountId, t.TransactionId }).IsUnique().HasDatabaseName("ux_transactions_account_transaction");
    }
}

internal sealed class BudgetConfiguration : IEntityTypeConfiguration<Budget>
{
    public void Configure(EntityTypeBuilder<Budget> builder)
    {
        builder.ToTable("budgets");
        builder.BelongsToUser();
        builder.Versioned();
        builder.Property(b => b.Type).HasMaxLength(50);
        builder.Property(b => b.Categories).IsJson(CaseInsensitive);
        builder.HasIndex(b => b.UserId).HasDatabaseName("ix_budgets_user");
    }

    private static IReadOnlyDictionary<string, decimal> CaseInsensitive(IReadOnlyDictionary<string, decimal> categories) =>
        new Dictionary<string, decimal>(categories, CategoryKey.Comparer);
}

internal sealed class GoalConfiguration : IEntityTypeConfiguration<Goal>
{
    public void Configure(EntityTypeBuilder<Goal> builder)
    {
        builder.ToTable("goals");
        builder.BelongsToUser();
        builder.Versioned();
        builder.Property(g => g.CurrentAmount).HasDefaultValue(0m).HasSentinel(-1m);
        builder.Property(g => g.Priority).HasMaxLength(50);
        builder.Ignore(g => g.IsAchieved);
        builder.HasIndex(g => g.UserId).HasDatabaseName("ix_goals_user");
    }
}

internal sealed class NetWorthSnapshotConfiguration : IEntityTypeConfiguration<NetWorthSnapshot>
{
    public void Configure(EntityTypeBuilder<NetWorthSnapshot> builder)
    {
        builder.ToTable("net_worth_snapshots");
        builder.BelongsToUser();
        builder.Property(s => s.AssetsBreakdown).IsJson();
        builder.Property(s => s.LiabilitiesBreakdown).IsJson();
        builder.Property(s => s.ExcludedAccountIds).IsJson();
        builder.Property(s => s.Conversion).IsJson();
        builder.Property(s => s.Currency).HasDefaultValueSql("'USD'").HasSentinel(default(CurrencyCode));
        builder.HasIndex(s => new { s.UserId, s.SnapshotDate, s.Currency }).IsUnique().HasDatabaseName("ux_net_worth_snapshots_user_date_currency");
    }
}

internal sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> builder)
    {
        builder.ToTable("documents");
        builder.BelongsToUser();
        builder.Versioned();
        builder.Property(d => d.DocumentType).HasMaxLength(50);
        builder.Property(d => d.FilePath).HasMaxLength(500);
        builder.Property(d => d.ContentType).HasMaxLength(100);
        builder.Property(d => d.Sha256).HasMaxLength(64);
        builder.Property(d => d.ExtractedData).IsJsonText();
        builder.Property(d => d.ExtractionFailure).HasMaxLength(Document.MaxExtractionFailureLength);
        // The worker's queue: the pending documents, oldest first.
        builder.HasIndex(d => new { d.Extraction, d.CreatedAt }).HasDatabaseName("ix_documents_extraction");
        builder.HasIndex(d => d.UserId).HasDatabaseName("ix_documents_user");
        builder.HasIndex(d => d.FilePath).IsUnique().HasDatabaseName("ux_documents_file_path");
    }
}

