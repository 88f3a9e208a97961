// The demo EMR's patients and their 病程记录 (progress notes). Fictional people and text.
// The server signs nothing and changes nothing here: these texts are what a doctor signs, and
// the server verifies each signature against its own copy, never against what the page sends.

export interface DemoRecord {
  documentId: string;
  patientId: string;
  recordType: string;
  title: string;
  /** Shown as the record's date (the ward's time). */
  date: string;
  text: string;
}

export interface DemoPatient {
  patientId: string;
  name: string;
  /** 住院号 (admission number) and bed, as the ward list shows them. */
  admissionNumber: string;
  bed: string;
  diagnosis: string;
}

export const demoPatients: DemoPatient[] = [
  {
    patientId: 'p-1001',
    name: '王五',
    admissionNumber: 'ZY20261101',
    bed: '内科 12床',
    diagnosis: '社区获得性肺炎',
  },
  {
    patientId: 'p-1002',
    name: '赵六',
    admissionNumber: 'ZY20261107',
    bed: '内科 15床',
    diagnosis: '2型糖尿病',
  },
  {
    patientId: 'p-1003',
    name: '孙八',
    admissionNumber: 'ZY20261015',
    bed: '内科 3床',
    diagnosis: '慢性心力衰竭',
  },
];

// A long stay: forty daily notes, the kind a doctor signs in one batch (e.g. before discharge).
const longStayNotes: DemoRecord[] = Array.from({ length: 40 }, (_, index) => {
  const day = String(index + 1).padStart(2, '0');
  return {
    documentId: `BC-1003-${day}`,
    patientId: 'p-1003',
    recordType: '病程记录',
    title: `日常病程记录（第${index + 1}天）`,
    date: new Date(Date.UTC(2026, 9, 22 + index)).toISOString().slice(0, 10) + ' 08:30',
    text: `患者孙八，住院第${index + 1}天。神志清，双下肢轻度水肿，记录出入量。继续利尿、控制心率治疗，监测电解质。`,
  };
});

export const demoRecords: DemoRecord[] = [
  {
    documentId: 'BC-1001-01',
    patientId: 'p-1001',
    recordType: '病程记录',
    title: '首次病程记录',
    date: '2026-11-28 09:30',
    text:
      '患者王五，男，65岁，因“咳嗽、咳痰伴发热3天”入院。查体：T 38.6℃，右下肺可闻及湿啰音。' +
      '胸片示右下肺斑片影。初步诊断：社区获得性肺炎。诊疗计划：完善血常规、C反应蛋白、痰培养，' +
      '予头孢曲松 2g 静滴 每日一次抗感染治疗，对症退热，监测体温。',
  },
  {
    documentId: 'BC-1001-02',
    patientId: 'p-1001',
    recordType: '病程记录',
    title: '日常病程记录',
    date: '2026-11-29 08:45',
    text: '患者体温较前下降，最高 37.8℃，咳痰减少。血常规：白细胞 11.2×10^9/L。继续当前抗感染方案，复查血常规。',
  },
  {
    documentId: 'BC-1001-03',
    patientId: 'p-1001',
    recordType: '病程记录',
    title: '主治医师查房记录',
    date: '2026-11-30 10:10',
    text: '主治医师查房：患者一般情况好转，体温正常 24 小时。同意目前诊断及治疗，3 天后复查胸片，评估抗生素疗程。',
  },
  {
    documentId: 'BC-1002-01',
    patientId: 'p-1002',
    recordType: '病程记录',
    title: '首次病程记录',
    date: '2026-11-29 15:20',
    text:
      '患者赵六，女，58岁，因“口干、多饮 2 月，血糖控制不佳”入院。空腹血糖 11.6 mmol/L，糖化血红蛋白 9.1%。' +
      '诊断：2型糖尿病。计划：糖尿病饮食，监测七点血糖，调整降糖方案，完善并发症筛查。',
  },
  {
    documentId: 'BC-1002-02',
    patientId: 'p-1002',
    recordType: '病程记录',
    title: '日常病程记录',
    date: '2026-11-30 09:00',
    text: '患者空腹血糖 8.2 mmol/L，餐后 2 小时 12.4 mmol/L。调整门冬胰岛素剂量，继续观察。',
  },
  ...longStayNotes,
];

export function findRecord(documentId: string): DemoRecord | undefined {
  return demoRecords.find((record) => record.documentId === documentId);
}

export function findPatient(patientId: string): DemoPatient | undefined {
  return demoPatients.find((patient) => patient.patientId === patientId);
}
