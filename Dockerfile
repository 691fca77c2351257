# The FinInfra service. The same executable runs the db commands (`db upgrade`), the document extraction child
# (`extract-document`) and the container health probe (`healthcheck`).
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
# The only writable place: documents (a named volume in docker-compose.yml). The application files stay root-owned,
# so the service cannot change its own code.
RUN mkdir -p /var/lib/fininfra/documents && chown -R $APP_UID:$APP_UID /var/lib/fininfra
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    Documents__StorageRoot=/var/lib/fininfra/documents \
    DOTNET_NOLOGO=1
EXPOSE 8080
# The non-root user the .NET images ship with (uid 1654).
USER $APP_UID
ENTRYPOINT ["dotnet", "FinInfra.Api.dll"]
