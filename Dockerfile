# The broker as a container image, for running against a real kcp (see deploy/).
# Build: docker build -t resource-broker .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Broker -c Release -o /out

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /out .
USER 65532:65532
ENTRYPOINT ["dotnet", "/app/broker.dll"]
CMD ["--help"]
