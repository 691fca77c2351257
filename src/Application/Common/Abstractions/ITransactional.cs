namespace FinInfra.Application.Common.Abstractions;

/// <summary>
/// Opts a request into one database transaction around its whole handler: everything it reads and writes is
/// isolated, its staged changes are committed together when the handler returns, and nothing is stored when it
/// throws. On SQLite that transaction holds the database's single write lock for as long as the handler runs, so
/// only a handler that does nothing but database work may opt in: no bank-provider call, no password hashing, no
/// streaming of a request body (an architecture test holds this). A command without the marker still commits once,
/// after its handler returns, in one atomic save without a surrounding transaction.
/// </summary>
public interface ITransactional;
