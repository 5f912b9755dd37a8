namespace Roundtable.Core.Tests;
