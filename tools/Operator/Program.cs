using LbAcme.Operator;

return await OperatorCommandLine.RunAsync(args);
