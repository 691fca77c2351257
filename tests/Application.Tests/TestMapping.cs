using MapsterMapper;

namespace FinInfra.Application.Tests;

/// <summary>The application's real Mapster configuration, as the container builds it.</summary>
public static class TestMapping
{
    public static readonly IMapper Mapper = Create();

    private static Mapper Create()
    {
        var config = DependencyInjection.CreateMappingConfig();
        config.Compile();
        return new Mapper(config);
    }
}
