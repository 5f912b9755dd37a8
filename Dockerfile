# Builds the Roundtable server with its browser client. Browser libraries come from npm during the build.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/Roundtable.Server -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
COPY --from=build /src/wwwroot ./wwwroot
# DOTNET_GCgen0size: a 4 MB gen0 budget keeps each collection's pause at 2-3 ms instead of 6-8 ms; p99 at 8,000
# deliveries/s fell from 10-11 ms to 7.7-9.7 ms (docs/BENCHMARKS.md). The runtime reads it only from the environment.
# Production: no demo accounts; the first start prints a set-up token for the first admin (README, "Deploying").
ENV ROUNDTABLE_WEBROOT=/app/wwwroot \
    ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_URLS=http://+:8080 \
    Storage__DataDirectory=/data \
    DOTNET_GCgen0size=0x400000
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["dotnet", "Roundtable.Server.dll"]
