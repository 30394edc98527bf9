/**
 * The control set: what the organization does, which criteria each control supports and how it is
 * evidenced. Automated controls group the checks (controls/checks/**) and run on every snapshot, so
 * their frequency is the collection schedule ("daily"). Change-record controls are evidenced by the
 * drift between consecutive snapshots. Everything else is honestly manual: the binder indexes the
 * documents listed in manualEvidence, it does not test them. Every one of the 61 criteria has at
 * least one control (a test holds this).
 */
import { ALL_CHECKS } from '../checks/index.ts';
import type { Control } from './types.ts';

/** An automated control: its checks are the registered ones that name it (Check.control), in id order. */
const automated = (c: Omit<Control, 'evidencedBy' | 'frequency' | 'checkIds'>): Control => ({
  ...c,
  frequency: 'daily',
  evidencedBy: ['automated'],
  checkIds: ALL_CHECKS.filter((check) => check.control === c.id).map((check) => check.id),
});

const manual = (
  c: Omit<Control, 'evidencedBy' | 'checkIds'> & { manualEvidence: readonly string[] },
): Control => ({
  ...c,
  evidencedBy: ['manual'],
  checkIds: [],
});

export const CONTROLS: readonly Control[] = [
  // Automated: configuration checks on every snapshot.
  automated({
    id: 'AC-01',
    title: 'Least-privilege IAM permissions',
    description:
      'Permissions are granted through reviewed managed policies on groups and roles, never as full administrator access, inline grants or broad marketplace/Bedrock rights.',
    criteria: ['CC1.3', 'CC6.1', 'CC6.2', 'CC6.3'],
  }),
  automated({
    id: 'AC-02',
    title: 'Strong authentication (MFA, password policy)',
    description:
      'The root user has a hardware MFA device, every user has MFA, and the account password policy enforces length, complexity, reuse prevention and expiry.',
    criteria: ['CC3.2', 'CC6.1', 'CC6.2', 'CC6.6'],
  }),
  automated({
    id: 'AC-03',
    title: 'Credential lifecycle (rotation, inactivity)',
    description:
      'Access keys are rotated and removed when unused, dormant console passwords are disabled, the root user has no access keys, no user keeps two active keys and no certificates are left in IAM.',
    criteria: ['CC1.3', 'CC6.1', 'CC6.2', 'CC6.3'],
  }),
  automated({
    id: 'AC-04',
    title: 'Role-based access through groups and roles',
    description:
      'Every user belongs to a group, every group has members, and every customer-managed policy is in use and attached to a role.',
    criteria: ['CC1.3', 'CC6.1', 'CC6.2', 'CC6.3'],
  }),
  automated({
    id: 'AC-05',
    title: 'No privilege escalation or audit-trail tampering',
    description:
      'No inline policy lets a principal raise its own privileges, and no customer policy grants full control of CloudTrail.',
    criteria: ['CC3.3', 'CC6.3'],
  }),
  automated({
    id: 'DP-01',
    title: 'S3 data protected at rest and in transit',
    description:
      'Buckets encrypt by default with KMS keys and their policies refuse requests made without TLS.',
    criteria: ['CC6.1', 'CC6.2', 'CC6.7', 'PI1.4'],
  }),
  automated({
    id: 'DP-02',
    title: 'S3 not publicly accessible',
    description:
      'Account-level Block Public Access is fully on; no bucket is readable or writable by the public, and bucket policies never open access to any principal without a limiting condition.',
    criteria: ['CC6.1', 'CC6.2', 'CC6.3', 'CC6.6'],
  }),
  automated({
    id: 'DP-03',
    title: 'S3 retention and disposal',
    description:
      'Buckets holding records use Object Lock, and lifecycle rules enforce retention and disposal, including of old object versions.',
    criteria: ['CC6.1', 'C1.1', 'C1.2', 'PI1.5'],
  }),
  automated({
    id: 'AV-01',
    title: 'Backups, versioning and replication',
    description:
      'Buckets keep prior object versions and replicate to a second bucket so data can be recovered after loss or an incident.',
    criteria: ['CC7.4', 'A1.2', 'C1.2', 'PI1.5'],
  }),
  automated({
    id: 'MO-01',
    title: 'Logging and notifications',
    description:
      'Buckets write server access logs and send event notifications so access and changes can be monitored and investigated.',
    criteria: ['CC6.1', 'CC6.2', 'CC7.2', 'CC7.3', 'A1.2'],
  }),
  automated({
    id: 'MO-03',
    title: 'Audit logging (CloudTrail)',
    description:
      'A multi-region CloudTrail trail records read and write management events in every region, keeps logging and delivering, validates and encrypts its log files, feeds CloudWatch Logs, and writes to a bucket that is not public and keeps deleted logs.',
    criteria: ['CC6.1', 'CC7.2', 'CC7.3', 'CC8.1'],
  }),
  automated({
    id: 'CM-03',
    title: 'Configuration monitoring (AWS Config)',
    description:
      'In every region an AWS Config recorder records all supported resource types, is recording without failure, and delivers the configuration history to an S3 bucket.',
    criteria: ['CC7.1', 'CC7.2', 'CC8.1'],
  }),
  automated({
    id: 'MO-04',
    title: 'Threat detection and triage (GuardDuty)',
    description:
      'GuardDuty is enabled in every region, and every high or critical finding is triaged (archived after evaluation) within the configured number of days.',
    criteria: ['CC7.2', 'CC7.3', 'CC7.4'],
  }),
  automated({
    id: 'DP-04',
    title: 'Encryption key management (KMS) and EBS encryption',
    description:
      'Customer-managed KMS keys rotate automatically, their policies never open them to everyone, and none is scheduled for deletion unnoticed; new EBS volumes are encrypted by default in every region.',
    criteria: ['CC6.1', 'CC6.7'],
  }),
  automated({
    id: 'NW-01',
    title: 'Network boundary (security groups)',
    description:
      'No security group opens SSH, RDP or every port to the internet, and the default security group of each VPC allows no traffic.',
    criteria: ['CC6.1', 'CC6.6'],
  }),
  // Change records: the drift between consecutive snapshots.
  {
    id: 'CM-01',
    title: 'Configuration changes are recorded',
    description:
      'Every change to the collected configuration (IAM, S3, CloudTrail, AWS Config, GuardDuty, KMS, EC2) between two daily snapshots is recorded (added, removed, changed fields), giving the population of changes for sampling and the detection of weakening changes.',
    criteria: ['CC3.4', 'CC7.1', 'CC8.1'],
    frequency: 'daily',
    evidencedBy: ['change-records'],
    checkIds: [],
  },

  // Manual: documents indexed by criterion, not tested by the tool.
  manual({
    id: 'CM-02',
    title: 'Changes are approved, tested and reviewed',
    description:
      'Changes to production follow a change process: ticket, peer review, testing and approval before deployment.',
    criteria: ['CC8.1'],
    frequency: 'per-event',
    manualEvidence: [
      'Change management policy',
      'Change tickets with reviewer, test evidence and approver for sampled changes',
    ],
  }),
  manual({
    id: 'VM-01',
    title: 'Vulnerability management',
    description: 'Systems are scanned for vulnerabilities and findings are fixed within defined timeframes.',
    criteria: ['CC7.1'],
    frequency: 'monthly',
    manualEvidence: ['Vulnerability scan reports', 'Remediation tickets with severity and due dates'],
  }),
  manual({
    id: 'GV-01',
    title: 'Code of conduct',
    description:
      'Staff accept a code of conduct that sets integrity and ethical standards, on joining and every year.',
    criteria: ['CC1.1'],
    frequency: 'annual',
    manualEvidence: ['Code of conduct', 'Signed acknowledgements'],
  }),
  manual({
    id: 'GV-02',
    title: 'Board oversight of security',
    description:
      'A board or committee independent of management reviews security and internal control regularly.',
    criteria: ['CC1.2'],
    frequency: 'quarterly',
    manualEvidence: ['Board or committee charter', 'Meeting minutes covering security and internal control'],
  }),
  manual({
    id: 'GV-03',
    title: 'Organizational structure and responsibilities',
    description: 'Reporting lines and security responsibilities are defined and kept current.',
    criteria: ['CC1.3'],
    frequency: 'annual',
    manualEvidence: ['Organization chart', 'Security roles and responsibilities'],
  }),
  manual({
    id: 'HR-01',
    title: 'Hiring, onboarding and training',
    description:
      'Candidates are screened, job descriptions set expectations, and staff complete security awareness training.',
    criteria: ['CC1.4'],
    frequency: 'per-event',
    manualEvidence: [
      'Job descriptions',
      'Background check records for new hires',
      'Security awareness training completion records',
    ],
  }),
  manual({
    id: 'HR-02',
    title: 'Accountability for control duties',
    description:
      'Performance reviews cover control responsibilities and a sanctions policy applies to violations.',
    criteria: ['CC1.5'],
    frequency: 'annual',
    manualEvidence: ['Performance review records', 'Sanctions or disciplinary policy'],
  }),
  manual({
    id: 'IC-01',
    title: 'Internal information and communication',
    description:
      'The system and its data flows are documented, and security policies and changes are communicated to staff.',
    criteria: ['CC2.1', 'CC2.2'],
    frequency: 'annual',
    manualEvidence: [
      'System description and data-flow diagrams',
      'Policy publication and staff communications',
    ],
  }),
  manual({
    id: 'IC-02',
    title: 'External communication',
    description:
      'Customers and partners are told about security commitments and have a channel to report issues.',
    criteria: ['CC2.3'],
    frequency: 'annual',
    manualEvidence: [
      'Customer-facing security commitments (terms, trust page)',
      'External issue-reporting channel',
      'Customer notifications',
    ],
  }),
  manual({
    id: 'RA-01',
    title: 'Risk assessment',
    description:
      'Objectives are set and risks to them, including fraud and significant changes, are assessed and treated at least yearly.',
    criteria: ['CC3.1', 'CC3.2', 'CC3.3', 'CC3.4'],
    frequency: 'annual',
    manualEvidence: [
      'Risk assessment with objectives, risks, ratings and treatments',
      'Fraud risk assessment',
      'Risk register updates',
    ],
  }),
  manual({
    id: 'MN-01',
    title: 'Monitoring of controls',
    description:
      "Management reviews control results, including this binder's exceptions, and tracks deficiencies to closure.",
    criteria: ['CC4.1', 'CC4.2'],
    frequency: 'quarterly',
    manualEvidence: [
      'Signed reviews of the exception report',
      'Internal audit or self-assessment reports',
      'Deficiency log with owners and dates',
    ],
  }),
  manual({
    id: 'CA-01',
    title: 'Policies and control activities',
    description:
      'A set of approved security policies defines the control activities, including general controls over technology.',
    criteria: ['CC5.1', 'CC5.2', 'CC5.3'],
    frequency: 'annual',
    manualEvidence: [
      'Information security policy set',
      'Risk-to-control matrix',
      'Policy review and approval records',
    ],
  }),
  manual({
    id: 'AC-06',
    title: 'Access provisioning and review',
    description:
      'Access is requested and approved before it is granted, removed on leaving, and reviewed by managers every quarter.',
    criteria: ['CC6.1', 'CC6.2', 'CC6.3'],
    frequency: 'quarterly',
    manualEvidence: [
      'Access request approvals for joiners',
      'Deprovisioning records for leavers',
      'Quarterly access review sign-offs',
    ],
  }),
  manual({
    id: 'PS-01',
    title: 'Physical security and asset disposal',
    description:
      "Data centres are the cloud provider's (its SOC 2 report is reviewed); offices restrict entry and devices are wiped before disposal.",
    criteria: ['CC6.4', 'CC6.5'],
    frequency: 'annual',
    manualEvidence: [
      'Cloud provider SOC 2 report and its review',
      'Office access procedures',
      'Device wiping or destruction certificates',
    ],
  }),
  manual({
    id: 'EP-01',
    title: 'Malware protection',
    description: 'Endpoints and servers run anti-malware, and software installation is restricted.',
    criteria: ['CC6.8'],
    frequency: 'monthly',
    manualEvidence: ['Endpoint protection coverage report', 'Software installation policy'],
  }),
  manual({
    id: 'MO-02',
    title: 'Security monitoring and alerting',
    description:
      'Security-relevant events (CloudTrail metric filters, GuardDuty findings) raise alerts that are reviewed. That CloudTrail and GuardDuty are on and feed CloudWatch is checked automatically (MO-03, MO-04); the alarms and their review are not.',
    criteria: ['CC7.2'],
    frequency: 'daily',
    manualEvidence: ['Alerting configuration', 'Samples of reviewed alerts'],
  }),
  manual({
    id: 'IR-01',
    title: 'Incident response',
    description:
      'Security events are triaged, incidents are handled under a response plan, and recovery is followed by a review.',
    criteria: ['CC7.3', 'CC7.4', 'CC7.5'],
    frequency: 'per-event',
    manualEvidence: [
      'Incident response plan',
      'Incident tickets and post-incident reviews',
      'Tabletop exercise record',
    ],
  }),
  manual({
    id: 'BC-01',
    title: 'Business continuity and disaster recovery',
    description:
      'A continuity and recovery plan covers disruptions; backups and recovery are tested every year.',
    criteria: ['CC9.1', 'A1.2', 'A1.3'],
    frequency: 'annual',
    manualEvidence: [
      'Business continuity and disaster recovery plan',
      'Backup restore and recovery test results',
    ],
  }),
  manual({
    id: 'AV-02',
    title: 'Capacity management',
    description: 'Capacity and demand are monitored and scaled ahead of need.',
    criteria: ['A1.1'],
    frequency: 'monthly',
    manualEvidence: ['Capacity monitoring reports', 'Scaling configuration'],
  }),
  manual({
    id: 'VN-01',
    title: 'Vendor management',
    description:
      'Vendors are inventoried and risk-rated, their assurance reports reviewed, and contracts bind them to privacy and breach-notification duties.',
    criteria: ['CC9.2', 'P6.4', 'P6.5'],
    frequency: 'annual',
    manualEvidence: [
      'Vendor inventory with risk ratings',
      'Reviewed vendor SOC reports',
      'Data processing agreements',
    ],
  }),
  manual({
    id: 'CF-01',
    title: 'Confidential data classification and disposal',
    description: 'Confidential data is classified, kept for a defined period and disposed of when due.',
    criteria: ['C1.1', 'C1.2'],
    frequency: 'annual',
    manualEvidence: ['Data classification policy', 'Retention schedule', 'Disposal records'],
  }),
  manual({
    id: 'PI-01',
    title: 'Processing integrity',
    description:
      'Processing is specified, inputs are validated, processing and outputs are reconciled and errors are corrected.',
    criteria: ['PI1.1', 'PI1.2', 'PI1.3', 'PI1.4', 'PI1.5'],
    frequency: 'monthly',
    manualEvidence: [
      'Processing specifications',
      'Input validation and reconciliation reports',
      'Output delivery monitoring',
      'Error logs and corrections',
    ],
  }),
  manual({
    id: 'PR-01',
    title: 'Privacy notice, choice and collection',
    description:
      'A privacy notice describes practices; consent is obtained where required and collection is limited to stated purposes.',
    criteria: ['P1.1', 'P2.1', 'P3.1', 'P3.2'],
    frequency: 'annual',
    manualEvidence: ['Published privacy notice with its dates', 'Consent records'],
  }),
  manual({
    id: 'PR-02',
    title: 'Personal data use, retention and disposal',
    description:
      'Personal information is used for its stated purposes, kept per the retention schedule and securely disposed of.',
    criteria: ['P4.1', 'P4.2', 'P4.3'],
    frequency: 'annual',
    manualEvidence: ['Personal data inventory and purposes', 'Retention schedule', 'Disposal records'],
  }),
  manual({
    id: 'PR-03',
    title: 'Data subject access and correction',
    description: 'Requests to access or correct personal information are logged and answered in time.',
    criteria: ['P5.1', 'P5.2'],
    frequency: 'per-event',
    manualEvidence: ['Data subject request log with response times'],
  }),
  manual({
    id: 'PR-04',
    title: 'Disclosure and breach notification',
    description:
      'Disclosures to third parties need consent and are recorded; breaches are recorded and affected parties notified; data subjects can get an account of disclosures.',
    criteria: ['P6.1', 'P6.2', 'P6.3', 'P6.6', 'P6.7'],
    frequency: 'per-event',
    manualEvidence: ['Register of third-party disclosures', 'Breach register and notifications'],
  }),
  manual({
    id: 'PR-05',
    title: 'Privacy data quality and complaints',
    description:
      'Personal information is kept accurate; inquiries and complaints are handled and privacy compliance is reviewed.',
    criteria: ['P7.1', 'P8.1'],
    frequency: 'annual',
    manualEvidence: ['Data quality procedures', 'Complaint log and resolutions', 'Privacy compliance review'],
  }),
];
