# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'warehouse_settings.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QFormLayout, QGroupBox, QLabel, QSpinBox, QVBoxLayout

class Ui_WarehouseSettingsDialog(object):
    def setupUi(self, WarehouseSettingsDialog):
        if not WarehouseSettingsDialog.objectName():
            WarehouseSettingsDialog.setObjectName(u"WarehouseSettingsDialog")
        WarehouseSettingsDialog.resize(480, 560)
        self.mainLayout = QVBoxLayout(WarehouseSettingsDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.scaleGroup = QGroupBox(WarehouseSettingsDialog)
        self.scaleGroup.setObjectName(u"scaleGroup")
        self.scaleLayout = QFormLayout(self.scaleGroup)
        self.scaleLayout.setObjectName(u"scaleLayout")
        self.portLabel = QLabel(self.scaleGroup)
        self.portLabel.setObjectName(u"portLabel")

        self.scaleLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.portLabel)

        self.portCombo = QComboBox(self.scaleGroup)
        self.portCombo.setObjectName(u"portCombo")
        self.portCombo.setEditable(True)

        self.scaleLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.portCombo)

        self.baudLabel = QLabel(self.scaleGroup)
        self.baudLabel.setObjectName(u"baudLabel")

        self.scaleLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.baudLabel)

        self.baudCombo = QComboBox(self.scaleGroup)
        self.baudCombo.setObjectName(u"baudCombo")

        self.scaleLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.baudCombo)

        self.parityLabel = QLabel(self.scaleGroup)
        self.parityLabel.setObjectName(u"parityLabel")

        self.scaleLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.parityLabel)

        self.parityCombo = QComboBox(self.scaleGroup)
        self.parityCombo.setObjectName(u"parityCombo")

        self.scaleLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.parityCombo)

        self.dataBitsLabel = QLabel(self.scaleGroup)
        self.dataBitsLabel.setObjectName(u"dataBitsLabel")

        self.scaleLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.dataBitsLabel)

        self.dataBitsCombo = QComboBox(self.scaleGroup)
        self.dataBitsCombo.setObjectName(u"dataBitsCombo")

        self.scaleLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.dataBitsCombo)

        self.formatLabel = QLabel(self.scaleGroup)
        self.formatLabel.setObjectName(u"formatLabel")

        self.scaleLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.formatLabel)

        self.formatCombo = QComboBox(self.scaleGroup)
        self.formatCombo.setObjectName(u"formatCombo")

        self.scaleLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.formatCombo)


        self.mainLayout.addWidget(self.scaleGroup)

        self.scannerGroup = QGroupBox(WarehouseSettingsDialog)
        self.scannerGroup.setObjectName(u"scannerGroup")
        self.scannerLayout = QFormLayout(self.scannerGroup)
        self.scannerLayout.setObjectName(u"scannerLayout")
        self.scanIntervalLabel = QLabel(self.scannerGroup)
        self.scanIntervalLabel.setObjectName(u"scanIntervalLabel")

        self.scannerLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.scanIntervalLabel)

        self.scanIntervalSpin = QSpinBox(self.scannerGroup)
        self.scanIntervalSpin.setObjectName(u"scanIntervalSpin")
        self.scanIntervalSpin.setMinimum(10)
        self.scanIntervalSpin.setMaximum(100)

        self.scannerLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.scanIntervalSpin)

        self.scanLengthLabel = QLabel(self.scannerGroup)
        self.scanLengthLabel.setObjectName(u"scanLengthLabel")

        self.scannerLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.scanLengthLabel)

        self.scanLengthSpin = QSpinBox(self.scannerGroup)
        self.scanLengthSpin.setObjectName(u"scanLengthSpin")
        self.scanLengthSpin.setMinimum(3)
        self.scanLengthSpin.setMaximum(40)

        self.scannerLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.scanLengthSpin)

        self.scanHintLabel = QLabel(self.scannerGroup)
        self.scanHintLabel.setObjectName(u"scanHintLabel")
        self.scanHintLabel.setWordWrap(True)

        self.scannerLayout.setWidget(2, QFormLayout.ItemRole.SpanningRole, self.scanHintLabel)


        self.mainLayout.addWidget(self.scannerGroup)

        self.officeGroup = QGroupBox(WarehouseSettingsDialog)
        self.officeGroup.setObjectName(u"officeGroup")
        self.officeLayout = QFormLayout(self.officeGroup)
        self.officeLayout.setObjectName(u"officeLayout")
        self.minLabel = QLabel(self.officeGroup)
        self.minLabel.setObjectName(u"minLabel")

        self.officeLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.minLabel)

        self.minSpin = QSpinBox(self.officeGroup)
        self.minSpin.setObjectName(u"minSpin")
        self.minSpin.setMaximum(10000)

        self.officeLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.minSpin)

        self.percentLabel = QLabel(self.officeGroup)
        self.percentLabel.setObjectName(u"percentLabel")

        self.officeLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.percentLabel)

        self.percentSpin = QSpinBox(self.officeGroup)
        self.percentSpin.setObjectName(u"percentSpin")
        self.percentSpin.setMaximum(50)

        self.officeLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.percentSpin)

        self.packagingLabel = QLabel(self.officeGroup)
        self.packagingLabel.setObjectName(u"packagingLabel")

        self.officeLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.packagingLabel)

        self.packagingSpin = QSpinBox(self.officeGroup)
        self.packagingSpin.setObjectName(u"packagingSpin")
        self.packagingSpin.setMaximum(10000)

        self.officeLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.packagingSpin)

        self.hintLabel = QLabel(self.officeGroup)
        self.hintLabel.setObjectName(u"hintLabel")
        self.hintLabel.setWordWrap(True)

        self.officeLayout.setWidget(3, QFormLayout.ItemRole.SpanningRole, self.hintLabel)


        self.mainLayout.addWidget(self.officeGroup)

        self.buttonBox = QDialogButtonBox(WarehouseSettingsDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Save)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.portLabel.setBuddy(self.portCombo)
        self.baudLabel.setBuddy(self.baudCombo)
        self.parityLabel.setBuddy(self.parityCombo)
        self.dataBitsLabel.setBuddy(self.dataBitsCombo)
        self.formatLabel.setBuddy(self.formatCombo)
        self.scanIntervalLabel.setBuddy(self.scanIntervalSpin)
        self.scanLengthLabel.setBuddy(self.scanLengthSpin)
        self.minLabel.setBuddy(self.minSpin)
        self.percentLabel.setBuddy(self.percentSpin)
        self.packagingLabel.setBuddy(self.packagingSpin)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(WarehouseSettingsDialog)

        QMetaObject.connectSlotsByName(WarehouseSettingsDialog)
    # setupUi

    def retranslateUi(self, WarehouseSettingsDialog):
        WarehouseSettingsDialog.setWindowTitle(QCoreApplication.translate("WarehouseSettingsDialog", u"\u4ed3\u5e93\u8bbe\u7f6e", None))
        self.scaleGroup.setTitle(QCoreApplication.translate("WarehouseSettingsDialog", u"\u7535\u5b50\u79e4\uff08\u672c\u673a\uff09", None))
        self.portLabel.setText(QCoreApplication.translate("WarehouseSettingsDialog", u"\u7aef\u53e3", None))
        self.baudLabel.setText(QCoreApplication.translate("WarehouseSettingsDialog", u"\u6ce2\u7279\u7387", None))
        self.parityLabel.setText(QCoreApplication.translate("WarehouseSettingsDialog", u"\u6821\u9a8c\u4f4d", None))
        self.dataBitsLabel.setText(QCoreApplication.translate("WarehouseSettingsDialog", u"\u6570\u636e\u4f4d", None))
        self.formatLabel.setText(QCoreApplication.translate("WarehouseSettingsDialog", u"\u8f93\u51fa\u683c\u5f0f", None))
        self.scannerGroup.setTitle(QCoreApplication.translate("WarehouseSettingsDialog", u"\u626b\u7801\u67aa\uff08\u672c\u673a\uff09", None))
        self.scanIntervalLabel.setText(QCoreApplication.translate("WarehouseSettingsDialog", u"\u6309\u952e\u95f4\u9694\u4e0d\u8d85\u8fc7", None))
        self.scanIntervalSpin.setSuffix(QCoreApplication.translate("WarehouseSettingsDialog", u" \u6beb\u79d2", None))
        self.scanLengthLabel.setText(QCoreApplication.translate("WarehouseSettingsDialog", u"\u6700\u5c11\u5b57\u7b26\u6570", None))
        self.scanHintLabel.setText(QCoreApplication.translate("WarehouseSettingsDialog", u"\u626b\u7801\u67aa\u8f93\u5165\u6bd4\u624b\u6253\u5feb\u5f97\u591a\uff1a\u6309\u952e\u95f4\u9694\u5728\u6b64\u4e4b\u5185\u3001\u8fbe\u5230\u6700\u5c11\u5b57\u7b26\u6570\u5e76\u4ee5\u56de\u8f66\u7ed3\u675f\u7684\u8f93\u5165\uff0c\u65e0\u8bba\u5149\u6807\u5728\u54ea\u91cc\u90fd\u5f53\u4f5c\u626b\u7801\uff0c\u6253\u5f00\u5bf9\u5e94\u7684\u6838\u5b9e\u8bf7\u6c42\uff1b\u5149\u6807\u6240\u5728\u7684\u8f93\u5165\u6846\u5185\u5bb9\u4fdd\u6301\u4e0d\u53d8\u3002", None))
        self.officeGroup.setTitle(QCoreApplication.translate("WarehouseSettingsDialog", u"\u91cd\u91cf\u6838\u5bf9\uff08\u5168\u5e97\u5171\u7528\uff09", None))
        self.minLabel.setText(QCoreApplication.translate("WarehouseSettingsDialog", u"\u6700\u5c0f\u5141\u8bb8\u8bef\u5dee", None))
        self.minSpin.setSuffix(QCoreApplication.translate("WarehouseSettingsDialog", u" g", None))
        self.percentLabel.setText(QCoreApplication.translate("WarehouseSettingsDialog", u"\u5141\u8bb8\u8bef\u5dee\u767e\u5206\u6bd4", None))
        self.percentSpin.setSuffix(QCoreApplication.translate("WarehouseSettingsDialog", u" %", None))
        self.packagingLabel.setText(QCoreApplication.translate("WarehouseSettingsDialog", u"\u5305\u88c5\u91cd\u91cf", None))
        self.packagingSpin.setSuffix(QCoreApplication.translate("WarehouseSettingsDialog", u" g", None))
        self.hintLabel.setText(QCoreApplication.translate("WarehouseSettingsDialog", u"\u5141\u8bb8\u8bef\u5dee\u53d6\u201c\u6700\u5c0f\u5141\u8bb8\u8bef\u5dee\u201d\u4e0e\u201c\u9884\u8ba1\u91cd\u91cf\u00d7\u767e\u5206\u6bd4\u201d\u4e2d\u8f83\u5927\u8005\uff1b\u9884\u8ba1\u91cd\u91cf = \u5546\u54c1\u5355\u4ef6\u91cd\u91cf\u00d7\u6570\u91cf + \u5305\u88c5\u91cd\u91cf\u3002", None))
    # retranslateUi
