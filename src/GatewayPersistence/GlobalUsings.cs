global using GatewayPersistence.Entities;
global using Microsoft.EntityFrameworkCore;
global using Pomelo.EntityFrameworkCore.MySql.Infrastructure;
