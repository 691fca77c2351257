using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;
using System.Runtime.Loader;
using FinInfra.Infrastructure.Configuration;

namespace FinInfra.Infrastructure.Persistence.Engines;

/// <summary>
/// Finds the engine for a provider. SQLite and PostgreSQL are built in. SQL Server and MySQL/MariaDB are separate
/// assemblies, looked up by name: first among the application's own dependencies (the service references SQL
/// Server), then in <c>&lt;providers folder&gt;/&lt;engine&gt;/</c>, where an optional extra is published — MySQL's
/// provider is GPL-2.0 with the Universal FOSS Exception and stays out of the default build (docs/adr/0010).
/// An engine is loaded only when it is asked for, once per process.
/// </summary>
public static class DatabaseEngines
{
    /// <summary>The folder searched for extras when <c>Database:ProvidersPath</c> is not set.</summary>
    public static string DefaultProvidersPath => Path.Combine(AppContext.BaseDirectory, "providers");

    private static readonly ConcurrentDictionary<DatabaseProvider, DatabaseEngine> Loaded = new()
    {
        [DatabaseProvider.Sqlite] = SqliteEngine.Instance,
        [DatabaseProvider.Postgres] = PostgresEngine.Instance,
    };

    private static readonly Lock LoadLock = new();

    /// <summary>The engine for <paramref name="provider"/>, loading its assembly if needed.</summary>
    /// <exception cref="DatabaseConfigurationException">The engine's assembly is not installed.</exception>
    public static DatabaseEngine For(DatabaseProvider provider, string? providersPath = null)
    {
        if (Loaded.TryGetValue(provider, out var engine)) return engine;
        lock (LoadLock)
        {
            if (Loaded.TryGetValue(provider, out engine)) return engine;
            var (assemblyName, folder, displayName) = Extra(provider);
            var assembly = LoadAssembly(assemblyName, Path.Combine(providersPath ?? DefaultProvidersPath, folder), displayName);
            var type = assembly.GetExportedTypes().SingleOrDefault(t => !t.IsAbstract && typeof(DatabaseEngine).IsAssignableFrom(t))
                       ?? throw new DatabaseConfigurationException($"{assemblyName} holds no database engine; rebuild it from this version of FinInfra.");
            engine = (DatabaseEngine)Activator.CreateInstance(type)!;
            Loaded[provider] = engine;
            return engine;
        }
    }

    /// <summary>What a database exception means, asked of every engine loaded in this process (only its own answers).</summary>
    public static DatabaseFailure Classify(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is not DbException database) continue;
            foreach (var engine in Loaded.Values)
                if (engine.Classify(database) is not DatabaseFailure.Other and var failure) return failure;
        }
        return DatabaseFailure.Other;
    }

    private static (string Assembly, string Folder, string DisplayName) Extra(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.MySql => ("FinInfra.Infrastructure.MySql", "mysql", "MySQL/MariaDB"),
        DatabaseProvider.SqlServer => ("FinInfra.Infrastructure.SqlServer", "sqlserver", "SQL Server"),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Not a database provider."),
    };

    private static Assembly LoadAssembly(string name, string folder, string displayName)
    {
        try
        {
            return Assembly.Load(new AssemblyName(name));
        }
        catch (FileNotFoundException)
        {
            // Not one of the application's dependencies: look for the published extra.
        }
        var path = Path.Combine(folder, name + ".dll");
        if (!File.Exists(path))
            throw new DatabaseConfigurationException(
                $"The {displayName} provider is not installed: {path} does not exist. Publish it there with " +
                $"'dotnet publish src/{name["FinInfra.".Length..]} -o {folder}', or set Database:ProvidersPath to the folder that holds it (see docs/database.md).");

        // The extra's own dependencies (its ADO.NET driver) resolve from its folder; everything the application already
        // has (EF Core, FinInfra.Infrastructure) keeps resolving to the application's copy, so the types are shared.
        var resolver = new AssemblyDependencyResolver(path);
        AssemblyLoadContext.Default.Resolving += (context, dependency) =>
            resolver.ResolveAssemblyToPath(dependency) is { } dependencyPath ? context.LoadFromAssemblyPath(dependencyPath) : null;
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += (_, library) =>
            resolver.ResolveUnmanagedDllToPath(library) is { } libraryPath ? System.Runtime.InteropServices.NativeLibrary.Load(libraryPath) : IntPtr.Zero;
        return AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
    }
}
