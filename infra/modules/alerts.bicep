// Three log alerts on the workspace the function's telemetry lands in:
// - renewal failed: an LB's renewal ended Failed or Poisoned, or a RenewLb invocation failed;
// - certificate expiring: the latest NotAfter an LB's renewal reported (Renewed and NotDue carry it) is
//   closer than the backstop;
// - no renewal run (dead-man's switch): nothing from the renewal timer for twice its schedule's period, so a
//   stopped, broken or mis-scheduled function app is noticed although it reports no failure.
// All are created with skipQueryValidation: in the deployment that creates the workspace, AppTraces and
// AppRequests hold no data yet and validating the query against them fails.

param location string
param namePrefix string
param workspaceId string

@description('Alert when a certificate has fewer days left than this. Renewal should have happened at the backstop (1/3 of the lifetime left: 30 days for 90-day certificates, 15 for 45-day ones).')
@minValue(1)
param expiryAlertDays int

@description('The renewal timer\'s NCRONTAB schedule ({second} {minute} {hour} {day} {month} {day-of-week}, main.bicep\'s renewalSchedule). The no-run alert derives the period from it: a minute step (*/N), hourly (hour *), an hour step (*/N), else daily.')
param renewalSchedule string

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

// The app logs one structured line per RenewLb invocation through ILogger to Application Insights:
// "Renewal of {Lb} ended {Outcome}: {Reason}; ..." with the properties Lb, Outcome (Renewed, NotDue, SkippedLocked,
// BackingOff, Deferred, Failed, Poisoned), Reason, ProblemType, Serial, NotAfter (ISO 8601; Renewed and NotDue
// only), Delivery, WillRetry and Trigger — for every invocation, failed ones included. In the workspace they are
// AppTraces.Properties; the queries read those, never the message text. A Failed line with WillRetry true is a
// delivery the queue will retry (a self-test the sidecars had not synced for, a store that did not answer): the
// alert waits for the line that stays, Failed without retry or Poisoned after the last delivery. The timer writes
// no such line, so a failed RenewalTimer invocation (nothing enqueued) is read from AppRequests.
var failedQuery = '''
union
  (AppTraces
    | where tostring(Properties.Outcome) == "Poisoned"
        or (tostring(Properties.Outcome) == "Failed" and tostring(Properties.WillRetry) !~ "true")
    | project TimeGenerated, Lb = tostring(Properties.Lb), Outcome = tostring(Properties.Outcome),
        ProblemType = tostring(Properties.ProblemType), Reason = tostring(Properties.Reason)),
  (AppRequests
    | where OperationName == "RenewalTimer" and Success == false
    | project TimeGenerated, Lb = "", Outcome = "TimerFailed", ProblemType = "",
        Reason = strcat("RenewalTimer invocation failed with ", ResultCode))
'''

var expiringQuery = format('''
AppTraces
| where TimeGenerated > ago(1d)
| where tostring(Properties.Outcome) in ("Renewed", "NotDue")
| extend Lb = tostring(Properties.Lb), NotAfter = todatetime(tostring(Properties.NotAfter))
| where isnotempty(Lb) and isnotnull(NotAfter)
| summarize arg_max(TimeGenerated, NotAfter) by Lb
| where NotAfter < now() + {0}d
''', expiryAlertDays)

// The period is derived rather than a second parameter that could disagree with the schedule. Only the digits of
// a field are parsed ('0' first, so an empty field reads 0), so a list or range never fails the deployment; a
// schedule this does not recognise counts as daily, which can only make the alert later, never early.
var scheduleFields = split(trim(renewalSchedule), ' ')
var minuteField = scheduleFields[1]
var hourField = scheduleFields[2]
var minuteStep = int('0${join(filter(map(range(0, length(minuteField)), i => substring(minuteField, i, 1)), c => contains('0123456789', c)), '')}')
var hourStep = int('0${join(filter(map(range(0, length(hourField)), i => substring(hourField, i, 1)), c => contains('0123456789', c)), '')}')
var renewalPeriodMinutes = startsWith(minuteField, '*/') && minuteStep > 0
  ? minuteStep
  : hourField == '*' ? 60 : startsWith(hourField, '*/') && hourStep > 0 ? 60 * hourStep : 1440
// Twice the period, within the two days a log alert's window can span.
var noRunWindowMinutes = min(2 * renewalPeriodMinutes, 2880)

// A run is the RenewalTimer invocation (AppRequests), or a RenewLb outcome line it triggered (Trigger
// "RenewalTimer"): either proves the timer fired. isfuzzy: a new workspace may not have both tables yet.
// summarize over no rows still yields one row (Runs 0), which is what fires.
var noRunQuery = format('''
let window = {0}m;
union isfuzzy=true
  (AppRequests
    | where TimeGenerated > ago(window) and OperationName == "RenewalTimer"
    | project TimeGenerated),
  (AppTraces
    | where TimeGenerated > ago(window) and tostring(Properties.Trigger) == "RenewalTimer"
        and isnotempty(tostring(Properties.Outcome))
    | project TimeGenerated)
| summarize Runs = count()
| where Runs == 0
''', noRunWindowMinutes)

resource renewalFailed 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${namePrefix}-renewal-failed'
  location: location
  properties: {
    displayName: 'lb-acme: certificate renewal failed'
    description: 'A renewal failed for at least one LB: its outcome was Failed or Poisoned (AppTraces Properties.Outcome), or a RenewLb invocation failed (AppRequests).'
    severity: 2
    enabled: true
    scopes: [workspaceId]
    skipQueryValidation: true
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
    skipQueryValidation: true
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

resource noRenewalRun 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${namePrefix}-no-renewal-run'
  location: location
  properties: {
    displayName: 'lb-acme: no renewal run'
    description: 'No renewal run has reported for ${noRunWindowMinutes} minutes, twice the period of the schedule ${renewalSchedule}: no RenewalTimer invocation in AppRequests and no RenewLb outcome it triggered in AppTraces. The function app is stopped, failing to start, or its schedule changed.'
    severity: 1
    enabled: true
    scopes: [workspaceId]
    skipQueryValidation: true
    evaluationFrequency: 'PT15M'
    windowSize: 'P2D'
    criteria: {
      allOf: [
        {
          query: noRunQuery
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

output ruleIds string[] = [renewalFailed.id, certificateExpiring.id, noRenewalRun.id]

@description('The renewal schedule\'s period as the no-run alert reads it, in minutes.')
output renewalPeriodMinutes int = renewalPeriodMinutes
