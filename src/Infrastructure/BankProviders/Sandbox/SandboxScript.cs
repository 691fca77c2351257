using FinInfra.Application.BankSync;
using FinInfra.Domain.Accounts;

namespace FinInfra.Infrastructure.BankProviders.Sandbox;

/// <summary>
/// What the sandbox bank reports: six accounts (every account type) and three steps of history. Sync 1 brings
/// the first eight transactions (one pending) over two pages; sync 2 adds three (one posts the earlier pending
/// charge under a new id), corrects one and reverses one; sync 3 adds two (another pending charge posts), and
/// recategorises one; after that nothing changes. Documented in docs/api.md.
/// </summary>
internal static class SandboxScript
{
    public sealed record Page(IReadOnlyList<ProviderTransaction> Added, IReadOnlyList<ProviderTransaction> Modified, IReadOnlyList<string> Removed);

    public static readonly Page EmptyPage = new([], [], []);

    public static readonly IReadOnlyList<ProviderAccount> Accounts =
    [
        new("sbx-checking", "Everyday Checking", AccountType.Depository, "checking", 2450.75m, "USD"),
        new("sbx-savings", "High-Yield Savings", AccountType.Depository, "savings", 10200.00m, "USD"),
        new("sbx-brokerage", "Brokerage", AccountType.Investment, "brokerage", 35120.40m, "USD"),
        new("sbx-credit", "Rewards Card", AccountType.Credit, "credit card", 642.17m, "USD"),
        new("sbx-mortgage", "Home Mortgage", AccountType.Loan, "mortgage", 212000.00m, "USD"),
        new("sbx-prepaid", "Prepaid Card", AccountType.Other, "prepaid", 40.00m, "USD"),
    ];

    public static readonly IReadOnlyList<IReadOnlyList<Page>> Steps =
    [
        [
            new Page(
                [
                    Tx("sbx-tx-001", "sbx-checking", 3200.00m, 1, "Acme Corp Payroll", "Acme Corp", "Income"),
                    Tx("sbx-tx-002", "sbx-checking", -1450.00m, 2, "Rent - Maple Apartments", null, "Housing"),
                    Tx("sbx-tx-003", "sbx-credit", -82.17m, 3, "Corner Grocery", "Corner Grocery", "Food"),
                    Tx("sbx-tx-004", "sbx-credit", -45.00m, 4, "City Gas Station", "City Gas", "Transportation"),
                    Tx("sbx-tx-005", "sbx-checking", -4.50m, 5, "Blue Bottle Coffee", "Blue Bottle", "Food"),
                ], [], []),
            new Page(
                [
                    Tx("sbx-tx-006", "sbx-savings", 500.00m, 5, "Transfer from checking", null, "Transfer"),
                    Tx("sbx-tx-007", "sbx-brokerage", 12.34m, 6, "Dividend - Index Fund", null, "Income"),
                    Tx("sbx-pending-001", "sbx-checking", -23.99m, 7, "Streamflix", "Streamflix", "Entertainment", pending: true),
                ], [], []),
        ],
        [
            new Page(
                [
                    Tx("sbx-tx-008", "sbx-credit", -60.25m, 8, "Pizza Place", "Pizza Place", "Food"),
                    Tx("sbx-tx-009", "sbx-checking", -23.99m, 8, "Streamflix", "Streamflix", "Entertainment", replaces: "sbx-pending-001"),
                    Tx("sbx-pending-002", "sbx-checking", -15.00m, 9, "Downtown Parking", "Downtown Parking", "Transportation", pending: true),
                ],
                [Tx("sbx-tx-003", "sbx-credit", -85.17m, 3, "Corner Grocery", "Corner Grocery", "Food")],
                ["sbx-tx-004"]),
        ],
        [
            new Page(
                [
                    Tx("sbx-tx-010", "sbx-checking", 3200.00m, 15, "Acme Corp Payroll", "Acme Corp", "Income"),
                    Tx("sbx-tx-011", "sbx-checking", -15.00m, 10, "Downtown Parking", "Downtown Parking", "Transportation", replaces: "sbx-pending-002"),
                ], [], ["sbx-pending-002"]),
            new Page([], [Tx("sbx-tx-008", "sbx-credit", -60.25m, 8, "Pizza Place", "Pizza Place", "Restaurants")], []),
        ],
    ];

    private static ProviderTransaction Tx(string id, string account, decimal amount, int day, string name, string? merchant, string category, bool pending = false, string? replaces = null) =>
        new(id, account, amount, new DateOnly(2026, 1, day), name, merchant, category, pending, replaces);
}
