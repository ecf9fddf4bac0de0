global using GatewayPersistence.Entities;
global using GatewayPersistence.Rollups;
global using GatewayPersistence.Sql;
global using GatewayPersistence.Tests.Infrastructure;
global using Microsoft.EntityFrameworkCore;
global using MySqlConnector;
global using NUnit.Framework;
global using GatewayPersistence.UnitTests.Security;
