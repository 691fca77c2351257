using BenchmarkDotNet.Attributes;
using FinInfra.Domain.Common;
using FinInfra.Infrastructure.Security;

namespace FinInfra.Benchmarks;

/// <summary>The cost of sealing and opening one access token: paid on every connect, sync and key rotation.</summary>
[MemoryDiagnoser]
public class SecretProtectorBenchmarks
{
    private const string Context = "bank_connections:0197a1b2c3d4e5f60718293a4b5c6d7e:access_token";
    private AesGcmSecretProtector _protector = null!;
    private EncryptedSecret _sealed = null!;

    [Params(64, 512)]
    public int TokenLength { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var key = new byte[32];
        Random.Shared.NextBytes(key);
        _protector = new AesGcmSecretProtector(new EncryptionKeyRing(new Dictionary<string, byte[]> { ["k1"] = key }, "k1"));
        _sealed = _protector.Protect(new string('t', TokenLength), Context);
    }

    [Benchmark]
    public EncryptedSecret Protect() => _protector.Protect(new string('t', TokenLength), Context);

    [Benchmark]
    public string Unprotect() => _protector.Unprotect(_sealed, Context);
}
