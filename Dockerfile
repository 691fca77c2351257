# The FinInfra service. The same executable runs the db commands: `dotnet FinInfra.Api.dll db <command>`.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY Directory.Build.props Directory.Packages.props dotnet-tools.json ./
COPY src/ src/
RUN dotnet publish src/Api/FinInfra.Api.csproj -c Release -o /app -p:UseAppHost=false
# Optional database extras (docs/adr/0010): `docker build --build-arg DATABASE_EXTRAS=mysql .` adds the MySQL/MariaDB
# provider (GPL-2.0 with the Universal FOSS Exception) under /app/providers/mysql. The default image has none.
ARG DATABASE_EXTRAS=""
RUN case ",$DATABASE_EXTRAS," in *,mysql,*) dotnet publish src/Infrastructure.MySql/FinInfra.Infrastructure.MySql.csproj -c Release -o /app/providers/mysql ;; esac

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_NOLOGO=1
EXPOSE 8080
# The non-root user the .NET images ship with.
USER $APP_UID
ENTRYPOINT ["dotnet", "FinInfra.Api.dll"]
