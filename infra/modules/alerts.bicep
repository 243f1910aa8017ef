// Two log alerts on the workspace the function's telemetry lands in:
// - renewal failed: a RenewalTimer invocation failed (the handler answers 500 when any LB failed), or an
//   LB's outcome line says Failed, or the engine logged "Renewal of {Lb} failed" (EventId 2004);
// - certificate expiring: the latest "not after" an LB's outcome line reported (every run reports it for
//   every LB, renewed or not) is closer than the backstop.

param location string
param namePrefix string
param workspaceId string

@description('Alert when a certificate has fewer days left than this. Renewal should have happened at the backstop (1/3 of the lifetime left: 30 days for 90-day certificates, 15 for 45-day ones).')
@minValue(1)
param expiryAlertDays int

@description('E-mail addresses to notify; empty creates no action group (wire your own to the alert rules).')
param alertEmails string[]

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmails)) {
  name: '${namePrefix}-renewal-alerts'
  location: 'global'
  properties: {
    groupShortName: take(namePrefix, 12)
    enabled: true
    emailReceivers: [
      for (email, i) in alertEmails: {
        name: 'email-${i}'
        emailAddress: email
        useCommonAlertSchema: true
      }
    ]
  }
}

var actions = empty(alertEmails) ? {} : { actionGroups: [actionGroup.id] }

var failedQuery = '''
union
  (AppRequests
    | where OperationName == "RenewalTimer" and Success == false
    | project TimeGenerated, Lb = "", Detail = strcat("RenewalTimer invocation failed with ", ResultCode)),
  (AppTraces
    | where Message has "Renewal of" and Message has "failed"
    | project TimeGenerated, Lb = extract(@"Renewal of (\S+) failed", 1, Message), Detail = Message),
  (AppTraces
    | where Message matches regex @"^[a-z0-9-]+: Failed"
    | project TimeGenerated, Lb = extract(@"^([a-z0-9-]+): ", 1, Message), Detail = Message)
'''

var expiringQuery = format('''
AppTraces
| where TimeGenerated > ago(1d)
| extend Lb = extract(@"^([a-z0-9-]+): ", 1, Message), NotAfter = todatetime(extract(@" not after (\S+)", 1, Message))
| where isnotempty(Lb) and isnotnull(NotAfter)
| summarize arg_max(TimeGenerated, NotAfter) by Lb
| where NotAfter < now() + {0}d
''', expiryAlertDays)

resource renewalFailed 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${namePrefix}-renewal-failed'
  location: location
  properties: {
    displayName: 'lb-acme: certificate renewal failed'
    description: 'A renewal run failed for at least one LB (HTTP 500 from the handler, an LB outcome Failed, or EventId 2004 "Renewal of {Lb} failed").'
    severity: 2
    enabled: true
    scopes: [workspaceId]
    evaluationFrequency: 'PT1H'
    windowSize: 'PT1H'
    criteria: {
      allOf: [
        {
          query: failedQuery
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: actions
  }
}

resource certificateExpiring 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${namePrefix}-certificate-expiring'
  location: location
  properties: {
    displayName: 'lb-acme: a certificate is inside the renewal backstop'
    description: 'An LB certificate has fewer than ${expiryAlertDays} days left: renewal is overdue.'
    severity: 1
    enabled: true
    scopes: [workspaceId]
    evaluationFrequency: 'PT6H'
    windowSize: 'P1D'
    criteria: {
      allOf: [
        {
          query: expiringQuery
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          dimensions: [
            {
              name: 'Lb'
              operator: 'Include'
              values: ['*']
            }
          ]
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: actions
  }
}

output ruleIds string[] = [renewalFailed.id, certificateExpiring.id]
